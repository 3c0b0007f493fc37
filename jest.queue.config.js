/** @type {import('jest').Config} */
// npm run test:queue: the package in n8n's queue mode (test/e2e/queue/: PostgreSQL, Redis, n8n's main process and
// two workers), with the e2e specs' global set-up.
const e2e = require('./jest.e2e.config.js');

module.exports = {
	...e2e,
	roots: ['<rootDir>/test/e2e/queue'],
	testPathIgnorePatterns: ['/node_modules/'],
};
