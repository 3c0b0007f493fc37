// @ts-check
// Before any e2e spec: the package built and packed (`npm run build`; E2E_BUILT=1 when the caller has just built,
// as the matrix does once for its runs), the fakes compiled for their own processes, the n8n of this run installed
// (into .cache/n8n, or .cache/n8n-<E2E_N8N_VERSION>, on first use). Each spec clears what it writes itself.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { ensureN8n } = require('../../scripts/n8nInstall');
const { compileFakes } = require('../../scripts/sandbox');
const { VERSION } = require('./n8n.cjs');

module.exports = async function globalSetup() {
	const root = path.resolve(__dirname, '..', '..');
	if (process.env.E2E_BUILT !== '1')
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	compileFakes();
	await ensureN8n(undefined, VERSION);
};
