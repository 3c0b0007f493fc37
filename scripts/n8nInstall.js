// Makes sure a pinned n8n (and the Node.js it needs) is installed in .cache/n8n of this project.
// First run: a few minutes and about 3 GB; later runs: nothing to do.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24';
const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'n8n');
const stamp = path.join(cacheDir, `installed-${N8N_VERSION}`);

function paths() {
	const nodeBin = path.join(cacheDir, 'node_modules', 'node', 'bin', 'node');
	const n8nBin = path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
	return { nodeBin, n8nBin, cacheDir };
}

function ensureN8n(log = (m) => process.stdout.write(`${m}\n`)) {
	const p = paths();
	if (fs.existsSync(stamp) && fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin)) return p;
	fs.mkdirSync(cacheDir, { recursive: true });
	if (!fs.existsSync(path.join(cacheDir, 'package.json'))) {
		fs.writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'n8n-dev-cache', private: true }, null, 2));
	}
	log(`Installing Node.js ${NODE_VERSION} and n8n ${N8N_VERSION} into .cache/n8n (first run only: a few minutes)…`);
	// Node.js 24 comes from the registry's `node` package, whose install script fetches the binary package.
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts=false', `node@${NODE_VERSION}`], {
		cwd: cacheDir,
		stdio: 'inherit',
	});
	// n8n's optional native modules try to download prebuilt binaries, which this network refuses:
	// install without scripts, then build the one native module n8n needs (sqlite3) from source.
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${N8N_VERSION}`], {
		cwd: cacheDir,
		stdio: 'inherit',
	});
	// sqlite3 is a Node-API addon: built against this machine's Node.js headers, it loads in Node.js 24 too.
	log('Building sqlite3 from source…');
	execFileSync('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: cacheDir, stdio: 'inherit' });
	fs.writeFileSync(stamp, new Date().toISOString());
	return p;
}

/** Links the built package into a user folder the way n8n loads community packages. */
function linkPackage(userFolder) {
	const pkg = require(path.join(root, 'package.json'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(nodesDir, { recursive: true });
	const target = path.join(nodesDir, pkg.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.symlinkSync(root, target, 'dir');
	return target;
}

module.exports = { ensureN8n, linkPackage, paths, N8N_VERSION };

if (require.main === module) ensureN8n();
