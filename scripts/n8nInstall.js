// @ts-check
// Makes sure a pinned n8n (and the Node.js it needs) is installed in .cache/n8n of this project.
// First run: 3 to 8 minutes and about 2.8 GB; later runs: nothing to do.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The n8n the dev, e2e, queue and bench runs use (the newest the registry here serves) */
const N8N_VERSION = '2.41.1';
/**
 * The older n8n the compatibility matrix runs a subset of the e2e checks on: the newest 1.x (n8n patches it through
 * 2026) and the last 2.x whose request helper drops the HTTP answer of a failed request as 1.x does (2.34 keeps it):
 * see CONTRIBUTING.md, "Compatibility matrix".
 */
const MATRIX_VERSIONS = ['1.123.81', '2.33.7'];
const NODE_VERSION = '24';
const root = path.resolve(__dirname, '..');

/** `.cache/n8n` for the pinned n8n, `.cache/n8n-<version>` for the matrix's older ones */
const cacheDirOf = (version = N8N_VERSION) =>
	path.join(root, '.cache', version === N8N_VERSION ? 'n8n' : `n8n-${version}`);

function paths(version = N8N_VERSION) {
	const cacheDir = cacheDirOf(version);
	const nodeBin = path.join(cacheDir, 'node_modules', 'node', 'bin', 'node');
	const n8nBin = path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
	return { nodeBin, n8nBin, cacheDir, version };
}

/** @param {number} ms */
const seconds = (ms) => {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/**
 * One step of the install, its output to the log; the terminal hears from it every 20 s (how long so far: npm
 * downloads first and puts every package in place at the end, so there is no truer count), so a long step never
 * looks stuck.
 *
 * @param {string} step
 * @param {string} command
 * @param {string[]} args
 * @param {(line: string) => void} log
 * @param {number} logFd
 * @param {string} expected
 */
async function run(step, command, args, log, logFd, expected, cacheDir) {
	const started = Date.now();
	log(`  ${step} (usually ${expected})…`);
	const beat = setInterval(
		() => log(`  … ${step}: ${seconds(Date.now() - started)} so far`),
		20_000,
	);
	try {
		await new Promise((resolve, reject) => {
			const child = spawn(command, args, { cwd: cacheDir, stdio: ['ignore', logFd, logFd] });
			child.on('error', reject);
			child.on('exit', (code, signal) =>
				code === 0 ? resolve(undefined) : reject(new Error(`exit ${code ?? signal}`)),
			);
		});
	} catch (error) {
		throw new Error(
			`${step} failed (${(error instanceof Error ? error.message : String(error)).split('\n')[0]}); the full output is in ${path.relative(root, path.join(cacheDir, 'install.log'))}`,
		);
	} finally {
		clearInterval(beat);
	}
	log(`  ${step}: done in ${seconds(Date.now() - started)}`);
}

/**
 * Installs Node.js 24 and n8n (`version`, the pinned one by default) into its cache folder unless it is there. First
 * run: 3 to 8 minutes and about 2.8 GB; the terminal gets one line per step, npm's output goes to the folder's
 * install.log.
 * @param {(line: string) => void} [log]
 * @param {string} [version]
 */
async function ensureN8n(log = (m) => void process.stdout.write(`${m}\n`), version = N8N_VERSION) {
	const p = paths(version);
	const { cacheDir } = p;
	const stamp = path.join(cacheDir, `installed-${version}`);
	if (fs.existsSync(stamp) && fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin)) return p;
	fs.mkdirSync(cacheDir, { recursive: true });
	const installLog = path.join(cacheDir, 'install.log');
	fs.writeFileSync(
		path.join(cacheDir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-dev-cache',
				private: true,
				// n8n 1.x's `xlsx` is a tarball on a host outside the registry: the registry's xlsx stands in (only the
				// spreadsheet nodes use it)
				...(version.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : {}),
			},
			null,
			2,
		),
	);
	log(
		`Installing Node.js ${NODE_VERSION} and n8n ${version} into ${path.relative(root, cacheDir)} (first run only: 3 to 8 minutes, about 2.8 GB; full output in ${path.relative(root, installLog)})`,
	);
	const logFd = fs.openSync(installLog, 'a');
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error', '--no-update-notifier'];
	try {
		// Node.js 24 comes from the registry's `node` package, whose install script fetches the binary package.
		await run(
			`installing Node.js ${NODE_VERSION}`,
			'npm',
			['install', ...quiet, '--ignore-scripts=false', `node@${NODE_VERSION}`],
			log,
			logFd,
			'10 to 30 s',
			cacheDir,
		);
		// n8n's optional native modules try to download prebuilt binaries, which this network refuses:
		// install without scripts, then build the one native module n8n needs (sqlite3) from source.
		await run(
			`installing n8n ${version} (about 1,100 packages)`,
			'npm',
			['install', ...quiet, '--ignore-scripts', `n8n@${version}`],
			log,
			logFd,
			'2 to 6 min',
			cacheDir,
		);
		// sqlite3 is a Node-API addon: built against this machine's Node.js headers, it loads in Node.js 24 too.
		await run(
			"building sqlite3 (n8n's database driver) from source",
			'npm',
			['rebuild', ...quiet, 'sqlite3', '--ignore-scripts=false'],
			log,
			logFd,
			'1 to 2 min',
			cacheDir,
		);
	} finally {
		fs.closeSync(logFd);
	}
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

/** User folders this process installed a kind of package into (`<folder>:<mode>`; a worker sharing the main's folder finds it there) */
const installedIn = new Set();

/**
 * The package as users get it, installed with npm into the user folder's `.n8n/nodes`, where n8n's own installer puts
 * community packages, from the tarballs `npm run build` packed into .cache/packages: `all-in-one`, the `npm pack` of
 * the built tree (what `files` in package.json lets through, nothing else); `per-service`, the three packages of
 * packages/ together.
 * @param {string} userFolder
 * @param {'all-in-one' | 'per-service'} [mode]
 */
function installPacked(userFolder, mode = 'all-in-one') {
	const { packagesOut, servicePackages } = require('./packages');
	const manifests =
		mode === 'per-service'
			? servicePackages().map((/** @type {any} */ p) => p.manifest)
			: [require(path.join(root, 'package.json'))];
	const wanted = manifests.map((manifest) => ({
		name: manifest.name,
		tarball: path.join(packagesOut, `${manifest.name}-${manifest.version}.tgz`),
	}));
	const missing = wanted.filter((w) => !fs.existsSync(w.tarball));
	if (missing.length > 0)
		throw new Error(`run npm run build first: ${missing.map((m) => m.tarball).join(', ')} missing`);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installed = wanted.map((w) => path.join(nodesDir, 'node_modules', w.name));
	if (installedIn.has(`${userFolder}:${mode}`)) return installed;
	installedIn.add(`${userFolder}:${mode}`);
	fs.mkdirSync(nodesDir, { recursive: true });
	// as n8n's installer keeps it: a package.json of the folder's own, so npm does not look above it
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest))
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync(
		'npm',
		[
			'install',
			...wanted.map((w) => w.tarball),
			'--ignore-scripts',
			'--omit=peer',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--prefer-offline',
		],
		{ cwd: nodesDir, stdio: 'ignore' },
	);
	return installed;
}

module.exports = { ensureN8n, installPacked, linkPackage, paths, N8N_VERSION, MATRIX_VERSIONS };

// `node scripts/n8nInstall.js [version]`
if (require.main === module)
	ensureN8n(undefined, process.argv[2]).catch((error) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	});
