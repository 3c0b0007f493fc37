/** @type {import('jest').Config} */
// Tests and fakes are CommonJS TypeScript (.cts): n8n's node CLI lints every .ts file with the rules for shipped code,
// and the code that never ships is linted by eslint.tools.config.mjs instead. A .cts file names another by its
// compiled name (`./engine.cjs`, as TypeScript requires); the resolver finds the source.
module.exports = {
	testEnvironment: '<rootDir>/test/harness/environment.cts',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.cts'],
	moduleFileExtensions: ['cts', 'ts', 'js', 'cjs', 'json'],
	transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	resolver: '<rootDir>/test/resolver.cjs',
	setupFiles: ['<rootDir>/test/harness/setupEnv.cts'],
	setupFilesAfterEnv: ['<rootDir>/test/harness/noSecretsInLogs.cts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
