#!/usr/bin/env node
// @ts-check
// npm run test:matrix: the compatibility matrix. Runs the e2e checks whose outcome depends on n8n's version or on
// the package (scripts/e2e.js --n8n=<version>) on each older n8n of MATRIX_VERSIONS (scripts/n8nInstall.js), each
// installed into .cache/n8n-<version> on first use, then the same checks with the three per-service packages
// installed together in the pinned n8n (--packages=per-service, which also installs them beside the all-in-one); the
// pinned n8n gets the full run from `npm run test:e2e`. Prints each run's checks and a last line
// `matrix: N passed, N failed`; the counts, per run too, go to .cache/matrix/results.json for CI.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { MATRIX_VERSIONS } = require('./n8nInstall');
const { say } = require('./util');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.cache', 'matrix');

function main() {
	const started = Date.now();
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	/** @type {Array<{ version: string; passed: number; failed: number; seconds: number }>} */
	const runs = [];
	const cells = [
		...MATRIX_VERSIONS.map((version) => ({
			version: `n8n ${version}`,
			flag: `--n8n=${version}`,
			folder: `e2e-n8n-${version}`,
		})),
		{ version: 'per-service packages', flag: '--packages=per-service', folder: 'e2e-per-service' },
	];
	// built once for every run (the per-service packages' tarballs too)
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	for (const { version, flag, folder } of cells) {
		say(`matrix: ${version}`);
		const run = spawnSync(process.execPath, [path.join(__dirname, 'e2e.js'), flag, '--built'], {
			cwd: root,
			stdio: 'inherit',
		});
		const file = path.join(root, '.cache', folder, 'results.json');
		if (fs.existsSync(file)) {
			const { passed, failed, seconds } = JSON.parse(fs.readFileSync(file, 'utf8'));
			runs.push({ version, passed, failed, seconds });
		} else {
			say(`matrix: the run on ${version} wrote no results (exit ${run.status ?? run.signal})`);
			runs.push({ version, passed: 0, failed: 1, seconds: 0 });
		}
	}
	const passed = runs.reduce((n, r) => n + r.passed, 0);
	const failed = runs.reduce((n, r) => n + r.failed, 0);
	const seconds = Math.round((Date.now() - started) / 1000);
	fs.writeFileSync(
		path.join(outDir, 'results.json'),
		JSON.stringify({ passed, failed, seconds, runs }, null, 2),
	);
	for (const r of runs)
		say(`matrix: ${r.version}: ${r.passed} passed, ${r.failed} failed (${r.seconds} s)`);
	say(`matrix: ${passed} passed, ${failed} failed (${seconds} s)`);
	process.exit(failed === 0 ? 0 : 1);
}

main();
