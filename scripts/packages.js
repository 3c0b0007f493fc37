// @ts-check
// The per-service packages (n8n verifies only packages that integrate one service), assembled from this one tree:
// for each folder of packages/ (its package.json, README, CHANGELOG), a standalone n8n node package in
// .cache/packages/<folder>/ holding the sources its nodes and credentials reach (their relative imports, followed),
// their icons and codex files, and this tree's tsconfig and ESLint setup; built there with tsc and packed with npm
// into .cache/packages/<name>-<version>.tgz. gulpfile.js runs it (`gulp build:packages`, part of `npm run build`).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const packagesOut = path.join(root, '.cache', 'packages');

/** The per-service packages: the folders of packages/, each with its package.json */
function servicePackages() {
	return fs
		.readdirSync(path.join(root, 'packages'), { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => {
			const dir = path.join(root, 'packages', entry.name);
			const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			return { folder: entry.name, dir, manifest, out: path.join(packagesOut, entry.name) };
		});
}

/** A compiled file of the package (`dist/nodes/X/Y.node.js`) back to its source in this tree */
const sourceOf = (file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts');

/** The sources `entries` reach through their relative imports, entries included (paths relative to the root) */
function reachedSources(entries) {
	const seen = new Set();
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.pop();
		if (seen.has(file)) continue;
		seen.add(file);
		const text = fs.readFileSync(path.join(root, file), 'utf8');
		for (const match of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
			const target = path.relative(root, path.resolve(root, path.dirname(file), match[1]));
			const found = [`${target}.ts`, path.join(target, 'index.ts'), target].find((candidate) =>
				fs.existsSync(path.join(root, candidate)),
			);
			if (!found) throw new Error(`${file}: cannot find ${match[1]}`);
			if (found.endsWith('.ts')) queue.push(found);
		}
	}
	return [...seen].sort();
}

/** Copies a file of this tree to the same place in `out` */
function copyInto(out, file) {
	fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
	fs.copyFileSync(path.join(root, file), path.join(out, file));
}

/** Lays one package out in its folder: its manifest and documents, the sources it reaches, icons, codex, setup */
function layOut({ dir, manifest, out }) {
	fs.rmSync(out, { recursive: true, force: true });
	fs.mkdirSync(out, { recursive: true });
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map(sourceOf);
	const sources = reachedSources(entries);
	for (const file of sources) copyInto(out, file);
	// each node's folder: its icons and codex file (the credentials' icons are the nodes')
	const nodeFolders = new Set(manifest.n8n.nodes.map((file) => path.dirname(sourceOf(file))));
	for (const folder of nodeFolders) {
		for (const name of fs.readdirSync(path.join(root, folder))) {
			if (/\.(svg|png)$/.test(name)) copyInto(out, path.join(folder, name));
			if (
				name.endsWith('.node.json') &&
				entries.includes(path.join(folder, name.replace(/\.json$/, '.ts')))
			) {
				// the codex names the node by its package
				const codex = JSON.parse(fs.readFileSync(path.join(root, folder, name), 'utf8'));
				codex.node = `${manifest.name}.${String(codex.node).split('.').pop()}`;
				fs.mkdirSync(path.join(out, folder), { recursive: true });
				fs.writeFileSync(path.join(out, folder, name), `${JSON.stringify(codex, null, '\t')}\n`);
			}
		}
	}
	for (const file of ['package.json', 'README.md', 'CHANGELOG.md'])
		fs.copyFileSync(path.join(dir, file), path.join(out, file));
	for (const file of ['LICENSE', 'index.js', 'tsconfig.json', 'eslint.config.mjs'])
		copyInto(out, file);
	return sources;
}

/** Builds a laid-out package in its folder (tsc, then the icons into dist/) and packs it beside the folders */
function buildAndPack({ out, manifest }) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		cwd: out,
		stdio: 'inherit',
	});
	// the icons, as `gulp build:icons` puts them for this tree
	for (const file of walk(out).filter((f) => /\.(svg|png)$/.test(f) && !f.startsWith('dist'))) {
		fs.mkdirSync(path.dirname(path.join(out, 'dist', file)), { recursive: true });
		fs.copyFileSync(path.join(out, file), path.join(out, 'dist', file));
	}
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packagesOut], {
		cwd: out,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return path.join(packagesOut, String(tarball ?? `${manifest.name}-${manifest.version}.tgz`));
}

/** Every file below `dir`, relative to it */
/** @param {string} dir @param {string} [base] @returns {string[]} */
function walk(dir, base = dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full, base) : [path.relative(base, full)];
	});
}

/** Lints a laid-out package from its own folder as n8n does: `n8n-node lint` (strict), then the scanner's rules
 * with inline disables ignored */
function lintPackage({ out }) {
	const bin = (name) => path.join(root, 'node_modules', '.bin', name);
	execFileSync(bin('n8n-node'), ['lint'], { cwd: out, stdio: 'inherit' });
	execFileSync(bin('eslint'), ['--no-inline-config', 'package.json', 'nodes', 'credentials'], {
		cwd: out,
		stdio: 'inherit',
	});
}

/**
 * n8n's community-package scanner (`@n8n/scan-community-package`, what `npx @n8n/scan-community-package <name>`
 * runs on a published package), run on a laid-out package: its analysis of the source (the provenance leg:
 * `package.json`, `nodes/`, `credentials/`) and of the packed tarball (the compiled `.js` and `package.json`), with
 * inline disables ignored. Throws with the scanner's report when either fails.
 * @param {{ out: string; manifest: { name: string; version: string } }} pkg
 */
async function scanPackage({ out, manifest }) {
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const unpacked = fs.mkdtempSync(path.join(packagesOut, `.scan-${manifest.name}-`));
	try {
		execFileSync('tar', [
			'-xzf',
			path.join(packagesOut, `${manifest.name}-${manifest.version}.tgz`),
			'-C',
			unpacked,
			'--strip-components=1',
		]);
		const legs = [
			['source', await scanner.analyzePackage(out, scanner.SOURCE_FILE_PATTERNS)],
			['tarball', await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json'])],
		];
		const failed = legs.filter(([, result]) => !result.passed);
		if (failed.length > 0)
			throw new Error(
				failed
					.map(
						([leg, result]) =>
							`${manifest.name} (${leg}): ${result.message}\n${result.details ?? ''}`,
					)
					.join('\n'),
			);
	} finally {
		fs.rmSync(unpacked, { recursive: true, force: true });
	}
}

/** Packs this tree's own package (the all-in-one) beside the others */
function packAllInOne() {
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', packagesOut], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return path.join(packagesOut, String(name));
}

/** The all-in-one package's name: the node types of this tree's examples */
const ALL_IN_ONE = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name;

/**
 * The examples of one package: those of examples/ that use one of its nodes, every node of this tree renamed to the
 * package that holds it (an example that also uses another service's node needs that package too, and says so in
 * the README). What `gulp examples:packages` writes to packages/<folder>/examples/.
 * @param {string} folder
 * @returns {Array<{ file: string; text: string }>}
 */
function examplesOf(folder) {
	const packages = servicePackages();
	const own = packages.find((p) => p.folder === folder);
	if (!own) throw new Error(`no package folder ${folder}`);
	/** @param {string} name */
	const holder = (name) =>
		packages.find((p) =>
			p.manifest.n8n.nodes.some((/** @type {string} */ f) =>
				f.endsWith(`/${name[0].toUpperCase()}${name.slice(1)}.node.js`),
			),
		);
	const dir = path.join(root, 'examples');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.flatMap((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			let uses = false;
			for (const node of workflow.nodes) {
				if (typeof node.type !== 'string' || !node.type.startsWith(`${ALL_IN_ONE}.`)) continue;
				const pkg = holder(node.type.slice(ALL_IN_ONE.length + 1));
				if (!pkg) throw new Error(`${file}: no package holds ${node.type}`);
				if (pkg === own) uses = true;
				node.type = `${pkg.manifest.name}.${node.type.slice(ALL_IN_ONE.length + 1)}`;
			}
			return uses ? [{ file, text: `${JSON.stringify(workflow, null, 2)}\n` }] : [];
		});
}

module.exports = {
	buildAndPack,
	examplesOf,
	layOut,
	lintPackage,
	packAllInOne,
	packagesOut,
	reachedSources,
	scanPackage,
	servicePackages,
};
