// Copies what tsc does not: the node and credential icons (svg/png) into dist/ (tsc emits the codex files, *.node.json,
// which tsconfig.json includes, so that n8n's `n8n-node build` ships them too); `clean` empties dist/ before a build,
// so that no file of a renamed or removed module is left for Node to resolve. `build:packages` lays out, builds and
// packs the per-service packages and packs this one (scripts/packages.js); `lint:packages` lints each in its folder
// and runs n8n's community-package scanner on its source and its tarball.
const fs = require('node:fs');
const path = require('node:path');
const { src, dest, task } = require('gulp');

const {
	buildAndPack,
	examplesOf,
	layOut,
	lintPackage,
	packAllInOne,
	packagesOut,
	scanPackage,
	servicePackages,
} = require('./scripts/packages');

task('clean', async () => fs.rmSync('dist', { recursive: true, force: true }));
// the bench's and the sandbox's compiled copy of the nodes and fakes
task('clean:bench', async () => fs.rmSync('.cache/bench', { recursive: true, force: true }));

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyAssets);

task('build:packages', async () => {
	fs.mkdirSync(packagesOut, { recursive: true });
	for (const file of fs.readdirSync(packagesOut))
		if (file.endsWith('.tgz')) fs.rmSync(path.join(packagesOut, file));
	for (const pkg of servicePackages()) {
		const sources = layOut(pkg);
		const tarball = buildAndPack(pkg);
		process.stdout.write(
			`${pkg.manifest.name}: ${sources.length} sources, ${path.basename(tarball)}\n`,
		);
	}
	process.stdout.write(`all in one: ${path.basename(packAllInOne())}\n`);
});

task('lint:packages', async () => {
	for (const pkg of servicePackages()) {
		process.stdout.write(`${pkg.manifest.name}\n`);
		lintPackage(pkg);
		// n8n's scanner itself, on the source and on the tarball
		await scanPackage(pkg);
		process.stdout.write(
			`${pkg.manifest.name}: n8n's community-package scanner passed (source and tarball)\n`,
		);
	}
	// and the all-in-one package (its lint is `npm run lint`'s first step)
	const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
	await scanPackage({ out: __dirname, manifest });
	process.stdout.write(
		`${manifest.name}: n8n's community-package scanner passed (source and tarball)\n`,
	);
});

// packages/<folder>/examples/: this tree's examples with the per-service packages' node types (a test keeps them so)
task('examples:packages', async () => {
	for (const { folder, dir } of servicePackages()) {
		const out = path.join(dir, 'examples');
		fs.rmSync(out, { recursive: true, force: true });
		fs.mkdirSync(out, { recursive: true });
		for (const { file, text } of examplesOf(folder)) fs.writeFileSync(path.join(out, file), text);
	}
});
