/** @type {import('jest').Config} */
// npm run test:e2e: the package in a real n8n, as users install it (test/e2e/*.e2e.cjs, one n8n per spec file). Four
// files at a time: two of them mostly wait for n8n's minute polls (test/e2e/sequencer.cjs starts those first).
// `npm run test:e2e -- -t "Retry"` runs the tests whose name holds "Retry" (a file with none starts nothing);
// `npm run test:e2e -- test/e2e/errors.e2e.cjs` one file. Queue mode (test/e2e/queue/) is npm run test:queue's.
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.cjs'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/globalSetup.cjs',
	testSequencer: '<rootDir>/test/e2e/sequencer.cjs',
	testTimeout: 120_000,
	maxWorkers: 4,
	verbose: true,
};
