// The release path as n8n's verification reads it: the GitHub workflows parse and name only steps that exist, the
// publish job signs a provenance statement, and package.json carries the fields the scanner checks.
import fs from 'node:fs';
import path from 'node:path';

const yaml = require('js-yaml') as { load(text: string): unknown };

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface WorkflowFile {
	name: string;
	on: unknown;
	permissions?: Record<string, string>;
	jobs: Record<string, { 'runs-on': string; if?: string; steps: Step[] }>;
}

const workflow = (file: string) => yaml.load(read(`.github/workflows/${file}`)) as WorkflowFile;
const pkg = JSON.parse(read('package.json')) as {
	version: string;
	scripts: Record<string, string>;
	files: string[];
	keywords: string[];
	repository: { url: string };
	author: { name: string };
	engines: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[]; strict: boolean };
};

/** Every `npm run X` and `bash FILE` a step runs, checked against package.json's scripts and the tree. */
function checkRuns(steps: Step[]): void {
	for (const step of steps) {
		for (const [, script] of (step.run ?? '').matchAll(/npm run ([\w:-]+)/g))
			expect([step.name, script, script in pkg.scripts]).toEqual([step.name, script, true]);
		for (const [, file] of (step.run ?? '').matchAll(/bash (\S+)/g))
			expect([step.name, file, fs.existsSync(path.join(root, file))]).toEqual([
				step.name,
				file,
				true,
			]);
		if (step.uses) expect(step.uses).toMatch(/^actions\/(checkout|setup-node)@v\d+$/);
	}
}

test('ci.yml runs .ci/run on a clean checkout, with read-only permissions', () => {
	const ci = workflow('ci.yml');
	expect(ci.permissions).toEqual({ contents: 'read' });
	const steps = ci.jobs.ci.steps;
	expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
	checkRuns(steps);
	expect(fs.statSync(path.join(root, '.ci/run')).isFile()).toBe(true);
});

test("publish.yml releases as n8n's node CLI does (n8n-node release: lint, build, publish with provenance), after the tests, only for the tag of the version", () => {
	const publish = workflow('publish.yml');
	expect(publish.on).toEqual({ push: { tags: ['*.*.*', 'v*.*.*', 'n8n-nodes-*@*.*.*'] } });
	expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	const steps = publish.jobs.publish.steps;
	checkRuns(steps);
	const runs = steps.map((s) => s.run ?? '');
	const at = (text: string) => runs.findIndex((r) => r.includes(text));
	expect(at('npm run release')).toBe(runs.length - 1);
	expect(pkg.scripts.release).toBe('n8n-node release');
	for (const before of ['npm ci', 'GITHUB_REF_NAME', 'npm test'])
		expect([before, at(before) >= 0 && at(before) < runs.length - 1]).toEqual([before, true]);
	const node = steps.find((s) => s.uses?.startsWith('actions/setup-node'));
	expect(node?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	// n8n-node release in GitHub Actions: the package's lint and build, then npm publish with provenance
	const release = read('node_modules/@n8n/node-cli/dist/commands/release.js');
	for (const expected of ["'run', 'lint'", "'run', 'build'", "NPM_CONFIG_PROVENANCE: 'true'"])
		expect([expected, release.includes(expected)]).toEqual([expected, true]);
	expect(pkg.scripts.lint).toMatch(/^n8n-node lint\b/);
	expect(publish.jobs.publish.if).toBe("${{ !startsWith(github.ref_name, 'n8n-nodes-') }}");
});

test('publish.yml releases a per-service package from its tag (<name>@<version>), after the tests, the build and the lint of every package, with provenance', () => {
	const job = workflow('publish.yml').jobs['publish-service-package'];
	expect(job.if).toBe("${{ startsWith(github.ref_name, 'n8n-nodes-') }}");
	checkRuns(job.steps);
	const runs = job.steps.map((s) => s.run ?? '');
	const at = (text: string) => runs.findIndex((r) => r.includes(text));
	expect(at('npm publish --provenance')).toBe(runs.length - 1);
	for (const before of ['npm ci', 'GITHUB_REF_NAME', 'npm test', 'npm run build', 'npm run lint'])
		expect([before, at(before) >= 0 && at(before) < runs.length - 1]).toEqual([before, true]);
	// the build lays out, builds and packs every package; the lint lints each in its own folder
	expect(pkg.scripts.build).toMatch(/gulp build:packages$/);
	expect(pkg.scripts.lint).toMatch(/gulp lint:packages$/);
	// the tag finds its package (the step's expression, run here for each package and for a wrong tag)
	const { servicePackages } = require('../../scripts/packages') as {
		servicePackages(): Array<{ folder: string; manifest: { name: string; version: string } }>;
	};
	const folderOf = (tag: string) =>
		servicePackages().find((p) => tag === `${p.manifest.name}@${p.manifest.version}`)?.folder;
	for (const p of servicePackages())
		expect(folderOf(`${p.manifest.name}@${p.manifest.version}`)).toBe(p.folder);
	expect(folderOf('n8n-nodes-kartra@9.9.9')).toBeUndefined();
});

test("package.json holds what n8n's verification checks, and the changelog names this version", () => {
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
	expect(pkg.author.name).not.toBe('');
	// what n8n loads, not the README's pictures that n8n-node build copies into dist/docs
	expect(pkg.files).toEqual(
		expect.arrayContaining([
			'dist/nodes',
			'dist/credentials',
			'README.md',
			'LICENSE',
			'CHANGELOG.md',
		]),
	);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
		expect([file, pkg.files.some((entry) => file.startsWith(`${entry}/`))]).toEqual([file, true]);
	// the tools' Node (tests, lint, build: Node 20 and later) and the oldest n8n the compatibility matrix runs
	expect(pkg.engines.node).toMatch(/^>=\d+/);
	const installer = read('scripts/n8nInstall.js');
	const versions = [
		installer.match(/N8N_VERSION = '([\d.]+)'/)?.[1],
		...[
			...(installer.match(/MATRIX_VERSIONS = \[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([\d.]+)'/g),
		].map((m) => m[1]),
	];
	expect(versions.length).toBeGreaterThan(1);
	const byVersion = (a: string, b: string) => {
		const [x, y] = [a, b].map((v) => v.split('.').map(Number));
		return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
	};
	const oldest = (versions as string[]).sort(byVersion)[0];
	expect(pkg.engines.n8n).toBe(`>=${oldest}`);
	expect(pkg.n8n.strict).toBe(true);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
		expect(file).toMatch(/^dist\/.+\.js$/);
	expect(read('CHANGELOG.md')).toMatch(
		new RegExp(`^# Changelog\\n\\n## ${pkg.version.replace(/\./g, '\\.')}\\n`),
	);
});

test('a credential imports nothing from nodes/: each builds alone, beside only what credentials/common holds', () => {
	const sources = (dir: string): string[] =>
		fs
			.readdirSync(path.join(root, dir), { withFileTypes: true })
			.flatMap((entry) =>
				entry.isDirectory()
					? sources(path.join(dir, entry.name))
					: entry.name.endsWith('.ts')
						? [path.join(dir, entry.name)]
						: [],
			);
	const reaching = sources('credentials').flatMap((file) =>
		[...read(file).matchAll(/from '(\.[^']+)'/g)]
			.map((m) => path.relative(root, path.resolve(root, path.dirname(file), m[1])))
			.filter((target) => !target.startsWith(`credentials${path.sep}`))
			.map((target) => `${file} → ${target}`),
	);
	expect(reaching).toEqual([]);
});
