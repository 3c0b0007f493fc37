/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/setupEnv.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/harness/noSecretsInLogs.ts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
