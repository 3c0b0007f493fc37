#!/usr/bin/env node
// @ts-check
// npm run test:matrix: the compatibility matrix. Runs the e2e specs whose outcome depends on n8n's version or on the
// package (examples, errors, delivery) on each older n8n of MATRIX_VERSIONS (scripts/n8nInstall.js; E2E_N8N_VERSION,
// installed into .cache/n8n-<version> on first use), then the same specs with the three per-service packages
// installed together in the pinned n8n (E2E_PACKAGES=per-service); the pinned n8n gets every spec from
// `npm run test:e2e`. Each run is jest's, its results in .cache/matrix/<cell>.json; the last line is
// `matrix: N passed, N failed`, and the counts, per run too, go to .cache/matrix/results.json for CI.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { MATRIX_VERSIONS } = require('./n8nInstall');
const { say } = require('./util');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.cache', 'matrix');
/** The specs whose outcome depends on the n8n version or the package */
const SPECS = ['test/e2e/examples.e2e.cjs', 'test/e2e/errors.e2e.cjs', 'test/e2e/delivery.e2e.cjs'];

function main() {
	const started = Date.now();
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const cells = [
		...MATRIX_VERSIONS.map((version) => ({
			name: `n8n ${version}`,
			file: `n8n-${version}`,
			env: { E2E_N8N_VERSION: version },
		})),
		{ name: 'per-service packages', file: 'per-service', env: { E2E_PACKAGES: 'per-service' } },
	];
	// built once for every run (the per-service packages' tarballs too)
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	/** @type {Array<{ name: string; passed: number; failed: number; seconds: number }>} */
	const runs = [];
	for (const { name, file, env } of cells) {
		say(`matrix: ${name}`);
		const results = path.join(outDir, `${file}.json`);
		const cellStarted = Date.now();
		const run = spawnSync(
			process.execPath,
			[
				path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
				'-c',
				'jest.e2e.config.js',
				'--json',
				`--outputFile=${results}`,
				...SPECS,
			],
			{ cwd: root, stdio: 'inherit', env: { ...process.env, ...env, E2E_BUILT: '1' } },
		);
		const seconds = Math.round((Date.now() - cellStarted) / 1000);
		if (fs.existsSync(results)) {
			const r = JSON.parse(fs.readFileSync(results, 'utf8'));
			// a spec whose set-up failed fails as a whole
			const broken = r.testResults.filter(
				(s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
			).length;
			runs.push({ name, passed: r.numPassedTests, failed: r.numFailedTests + broken, seconds });
		} else {
			say(`matrix: the run on ${name} wrote no results (exit ${run.status ?? run.signal})`);
			runs.push({ name, passed: 0, failed: 1, seconds });
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
		say(`matrix: ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds} s)`);
	say(`matrix: ${passed} passed, ${failed} failed (${seconds} s)`);
	process.exit(failed === 0 ? 0 : 1);
}

main();
