// The per-service packages (packages/<folder>/): n8n verifies only packages that integrate one service. Each holds
// its service's nodes and credentials and nothing of another service, carries what n8n's verification reads, and
// together they hold exactly what the all-in-one package holds.
import fs from 'node:fs';
import path from 'node:path';

interface Manifest {
	name: string;
	version: string;
	keywords: string[];
	license: string;
	author: { name: string };
	repository: { url: string; directory?: string };
	files: string[];
	engines: Record<string, string>;
	peerDependencies?: Record<string, string>;
	dependencies?: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
}
interface ServicePackage {
	folder: string;
	manifest: Manifest;
}

const root = path.resolve(__dirname, '..', '..');
const { examplesOf, reachedSources, servicePackages } = require('../../scripts/packages') as {
	examplesOf(folder: string): Array<{ file: string; text: string }>;
	reachedSources(entries: string[]): string[];
	servicePackages(): ServicePackage[];
};
const allInOne = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const packages = servicePackages();
const serviceOf = (file: string) => /^dist\/nodes\/([^/]+)\//.exec(file)?.[1];
const sourceOf = (file: string) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts');

test('three packages, one per service, named as n8n names community packages', () => {
	expect(packages.map((p) => p.manifest.name).sort()).toEqual([
		'n8n-nodes-convert-experiences',
		'n8n-nodes-convertr',
		'n8n-nodes-kartra',
	]);
	for (const { manifest } of packages)
		expect([manifest.name, new Set(manifest.n8n.nodes.map(serviceOf)).size]).toEqual([
			manifest.name,
			1,
		]);
});

test('together they hold every node and credential of the all-in-one package, each once', () => {
	const nodes = packages.flatMap((p) => p.manifest.n8n.nodes);
	const credentials = packages.flatMap((p) => p.manifest.n8n.credentials);
	expect([...nodes].sort()).toEqual([...allInOne.n8n.nodes].sort());
	expect([...credentials].sort()).toEqual([...allInOne.n8n.credentials].sort());
});

test.each(packages.map((p) => [p.manifest.name, p] as const))(
	'%s carries what n8n checks: keyword, MIT, author, repository folder, files, engines, strict, no dependencies',
	(_name, { folder, manifest }) => {
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.license).toBe('MIT');
		expect(manifest.author.name).toBe(allInOne.author.name);
		expect(manifest.repository.url).toBe(allInOne.repository.url);
		expect(manifest.repository.directory).toBe(`packages/${folder}`);
		expect(manifest.files).toEqual(allInOne.files);
		expect(manifest.engines).toEqual(allInOne.engines);
		expect(manifest.n8n.strict).toBe(true);
		expect(manifest.n8n.n8nNodesApiVersion).toBe(1);
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	},
);

test.each(packages.map((p) => [p.manifest.name, p] as const))(
	'%s reaches no code of another service',
	(_name, { manifest }) => {
		const service = serviceOf(manifest.n8n.nodes[0]);
		const ownCredentials = new Set(manifest.n8n.credentials.map(sourceOf));
		const sources = reachedSources(
			[...manifest.n8n.nodes, ...manifest.n8n.credentials].map(sourceOf),
		);
		const foreign = sources.filter(
			(file) =>
				!file.startsWith(`nodes${path.sep}${service}${path.sep}`) &&
				!file.startsWith(`nodes${path.sep}shared${path.sep}`) &&
				!file.startsWith(`credentials${path.sep}common${path.sep}`) &&
				!ownCredentials.has(file),
		);
		expect(foreign).toEqual([]);
		// and not another service's shared pieces: Convertr's token exchange, Kartra's error types
		const others = { Convertr: 'convertrToken', Kartra: 'kartraErrors' };
		for (const [owner, module] of Object.entries(others))
			if (owner !== service) expect(sources.some((f) => f.includes(module))).toBe(false);
	},
);

test.each(packages.map((p) => [p.manifest.name, p] as const))(
	'%s has its README (at most 12 KB) and a changelog whose first section is its version',
	(_name, { folder, manifest }) => {
		const readme = fs.readFileSync(path.join(root, 'packages', folder, 'README.md'), 'utf8');
		expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
		expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
		const changelog = fs.readFileSync(path.join(root, 'packages', folder, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(
			new RegExp(`^# Changelog\\n\\n## ${manifest.version.replace(/\./g, '\\.')}\\n`),
		);
	},
);

test('the root README is a landing page of at most 8 KB, linking each package README and the reference pages', () => {
	const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
	expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8 * 1024);
	for (const { folder } of packages) expect(readme).toContain(`](packages/${folder}#readme)`);
	const linked = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]);
	expect(linked.length).toBeGreaterThan(5);
	for (const file of linked)
		expect([file, fs.existsSync(path.join(root, file))]).toEqual([file, true]);
	expect(readme).toMatch(/npm run dev/);
	expect(readme).toMatch(/npm test/);
});

test.each(packages.map((p) => [p.manifest.name, p] as const))(
	"%s has the examples that use its nodes, with the per-service packages' node types, as examples/ has them (`gulp examples:packages` writes them)",
	(_name, { folder }) => {
		const dir = path.join(root, 'packages', folder, 'examples');
		const committed = fs.readdirSync(dir).sort();
		const wanted = examplesOf(folder);
		expect(committed).toEqual(wanted.map((e) => e.file));
		for (const { file, text } of wanted) {
			expect([file, fs.readFileSync(path.join(dir, file), 'utf8') === text]).toEqual([file, true]);
			const types = (JSON.parse(text) as { nodes: Array<{ type: string }> }).nodes.map(
				(n) => n.type,
			);
			expect(types.filter((t) => t.startsWith(`${allInOne.name}.`))).toEqual([]);
		}
		expect(wanted.length).toBeGreaterThan(0);
	},
);
