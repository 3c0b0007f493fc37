#!/usr/bin/env node
// npm run dev: builds the package, makes sure n8n is installed in .cache/n8n, links the package into a
// local n8n user folder (.n8n-dev) the way n8n loads community packages, and starts n8n on 127.0.0.1.
// Ctrl-C stops it.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');

const { ensureN8n, linkPackage } = require('./n8nInstall');

const root = path.resolve(__dirname, '..');
const port = process.env.N8N_PORT || '5678';
const userFolder = path.join(root, '.n8n-dev');

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const { nodeBin, n8nBin } = ensureN8n();
linkPackage(userFolder);

const child = spawn(nodeBin, [n8nBin, 'start'], {
	cwd: root,
	stdio: 'inherit',
	env: {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: port,
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		PATH: `${path.dirname(nodeBin)}:${process.env.PATH}`,
	},
});
process.stdout.write(`\nn8n is starting with n8n-nodes-convertr-kartra-convert loaded: http://127.0.0.1:${port}\nPress Ctrl-C to stop.\n\n`);

const stop = () => {
	if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
