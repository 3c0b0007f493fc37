// Copies what tsc does not: node icons (svg/png) and codex files (*.node.json) into dist/; `clean` empties dist/
// before a build, so that no file of a renamed or removed module is left for Node to resolve.
const fs = require('node:fs');
const { src, dest, task } = require('gulp');

task('clean', async () => fs.rmSync('dist', { recursive: true, force: true }));
// the bench's and the sandbox's compiled copy of the nodes and fakes
task('clean:bench', async () => fs.rmSync('.cache/bench', { recursive: true, force: true }));

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyAssets);
