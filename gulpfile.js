// Copies what tsc does not: the node and credential icons (svg/png) into dist/ (tsc emits the codex files, *.node.json,
// which tsconfig.json includes, so that n8n's `n8n-node build` ships them too); `clean` empties dist/ before a build,
// so that no file of a renamed or removed module is left for Node to resolve.
const fs = require('node:fs');
const { src, dest, task } = require('gulp');

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
