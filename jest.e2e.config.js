/** @type {import('jest').Config} */
// npm run test:e2e: the package in a real n8n, as users install it (test/e2e/*.e2e.cjs, one n8n per spec file, two
// files at a time; queue mode, test/e2e/queue/, is npm run test:queue's). `npm run test:e2e -- -t "Retry"` runs the tests whose name holds "Retry" (a file with none
// starts nothing); `npm run test:e2e -- test/e2e/errors.e2e.cjs` one file.
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.cjs'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/globalSetup.cjs',
	testSequencer: '<rootDir>/test/e2e/sequencer.cjs',
	testTimeout: 120_000,
	maxWorkers: 2,
	verbose: true,
};
