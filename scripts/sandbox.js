// @ts-check
// The pieces `npm run dev` (sandbox) and `npm run test:e2e` share: the three fake APIs in their own processes,
// a real n8n with the package linked as users install it, and provisioning through n8n's REST API
// (owner, credentials pointing at the fakes, the example workflows).
'use strict';
const { execFileSync, fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { N8N_VERSION, ensureN8n, installPacked, linkPackage, paths } = require('./n8nInstall');
const { freePort, processTable } = require('./util');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, '.cache', 'bench');
const PACKAGE = 'n8n-nodes-convertr-kartra-convert';

/** The package's six nodes, by the name n8n knows them under (after the package's name and a dot) */
const NODE_NAMES = [
	'convertrPublisher',
	'convertrTrigger',
	'convertrLeadResultTrigger',
	'kartraLead',
	'kartraTrigger',
	'convertTrack',
];

/**
 * How the package goes into n8n: `all-in-one` (this tree's package) or `per-service` (the three packages of
 * packages/, from their tarballs in .cache/packages, installed together). Node types follow: a node is
 * `<package>.<name>` of the package that holds it.
 * @type {'all-in-one' | 'per-service'}
 */
let packageMode = 'all-in-one';
/** @param {'all-in-one' | 'per-service'} mode */
const setPackageMode = (mode) => {
	packageMode = mode;
};
const getPackageMode = () => packageMode;

/** The package of packages/ whose n8n section lists the node `name` (its tool variant: `<name>Tool`) */
function servicePackageOf(name) {
	const base = name.replace(/Tool$/, '');
	const file = `${base[0].toUpperCase()}${base.slice(1)}.node.js`;
	const found = require('./packages')
		.servicePackages()
		.find((/** @type {any} */ p) =>
			p.manifest.n8n.nodes.some((/** @type {string} */ f) => f.endsWith(`/${file}`)),
		);
	if (!found) throw new Error(`no package of packages/ holds the node ${name}`);
	return found.manifest.name;
}

/** The node type n8n knows a node of this package by, in the current package mode */
const nodeType = (/** @type {string} */ name) =>
	`${packageMode === 'per-service' ? servicePackageOf(name) : PACKAGE}.${name}`;

/** A workflow of this tree (an example) with its node types as the current package mode names them */
function withNodeTypes(workflow) {
	for (const node of workflow.nodes ?? [])
		if (typeof node.type === 'string' && node.type.startsWith(`${PACKAGE}.`))
			node.type = nodeType(node.type.slice(PACKAGE.length + 1));
	return workflow;
}

const SANDBOX_OWNER = {
	email: 'sandbox@example.com',
	firstName: 'Sandbox',
	lastName: 'User',
	password: 'Sandbox-12345',
};
const TRIGGER_SECRETS = {
	convertr: 'sandbox-convertr-secret-0001',
	kartra: 'sandbox-kartra-secret-00001',
};

/** Compiles the fakes (they live in test/fakes, in TypeScript) into .cache/bench. */
function compileFakes() {
	// a clean copy: a module renamed or removed in the source must not linger there for Node to resolve
	fs.rmSync(compiled, { recursive: true, force: true });
	execFileSync(
		process.execPath,
		[
			path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
			'-p',
			path.join(root, 'bench', 'tsconfig.json'),
		],
		{
			cwd: root,
			stdio: 'inherit',
		},
	);
}

/**
 * Every process this script started (the fakes, n8n), so that `stopAll` stops them all, by PID: n8n by its process
 * group (it runs in a group of its own, with its task runner).
 */
const started = new Map();

function track(name, child, { group = false } = {}) {
	started.set(child.pid, { name, child, group });
	child.once('exit', () => started.delete(child.pid));
	return child;
}

function signal(entry, name) {
	try {
		process.kill(entry.group ? -entry.child.pid : entry.child.pid, name);
	} catch {
		// already gone
	}
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Stops every process started here: SIGTERM, then SIGKILL for what is still running after `graceMs`. */
async function stopAll(graceMs = 6000) {
	const entries = [...started.values()];
	for (const entry of entries) signal(entry, 'SIGTERM');
	const timer = setTimeout(() => {
		for (const entry of entries) signal(entry, 'SIGKILL');
	}, graceMs);
	await Promise.all(
		entries.map(({ child }) =>
			hasExited(child) ? undefined : new Promise((resolve) => child.once('exit', resolve)),
		),
	);
	clearTimeout(timer);
	// what n8n's group still holds once n8n itself is gone (its task runner)
	for (const entry of entries) if (entry.group) signal(entry, 'SIGKILL');
}

/** PIDs of the processes in n8n's group (n8n and its task runners), read from /proc. @param {number} pgid */
function groupMembers(pgid) {
	return [...processTable()].filter(([, info]) => info.pgid === pgid).map(([pid]) => pid);
}

/** One fake API in a child process (bench/fakeProcess.cts), stopped by its own PID. */
async function startFake(service, options = {}) {
	const child = track(
		`fake ${service}`,
		fork(path.join(compiled, 'bench', 'fakeProcess.cjs'), [service, JSON.stringify(options)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		}),
	);
	const url = await new Promise((resolve, reject) => {
		child.once('message', (m) =>
			m.type === 'ready' ? resolve(m.url) : reject(new Error(`fake ${service} failed`)),
		);
		child.once('exit', (code) => reject(new Error(`fake ${service} exited with ${code}`)));
	});
	// One question at a time: the fake's answers carry no request ID, so two questions in flight could swap answers
	let asking = Promise.resolve();
	/** What the fake process answers (its counts, or the records an e2e check reads). @param {string} type @param {object} [extra] @returns {Promise<any>} */
	const ask = (type, extra = {}) => {
		const answer = asking.then(
			() =>
				new Promise((resolve) => {
					const onMessage = (m) => {
						if (m.type !== type) return;
						child.off('message', onMessage);
						resolve(m);
					};
					child.on('message', onMessage);
					child.send({ type, ...extra });
				}),
		);
		asking = answer.then(
			() => undefined,
			() => undefined,
		);
		return answer;
	};
	return {
		service,
		url,
		pid: child.pid,
		stats: () => ask('stats'),
		detail: () => ask('detail'),
		/** Changes how the fake answers from now on (bench/fakeProcess.cts: FakeSettings) @param {object} settings */
		configure: (settings) => ask('configure', { settings }),
		stop: () =>
			new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
				if (child.exitCode !== null) return resolve();
				const timer = setTimeout(() => process.kill(Number(child.pid), 'SIGKILL'), 3000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				child.send({ type: 'stop' });
			}),
	};
}

/** The lead the examples' pinned samples name: in the Kartra fake from the start, so every example runs in any order. */
const SAMPLE_LEAD = { email: 'zoe@example.com', firstName: 'Zoë' };

/** The three fakes; `options` per service (e.g. `{ convertr: { invalidClientStatus: 401 } }`). */
async function startFakes(options = {}) {
	const [convertr, kartra, convert] = await Promise.all([
		startFake('convertr', options.convertr),
		startFake('kartra', { seedLeads: [SAMPLE_LEAD], ...options.kartra }),
		startFake('convert', options.convert),
	]);
	convert.configUrl = (await convert.stats()).configUrl;
	return {
		convertr,
		kartra,
		convert,
		stop: () => Promise.all([convertr.stop(), kartra.stop(), convert.stop()]),
	};
}

/**
 * What a workflow built in the sandbox needs to know (campaign, form and link IDs, tags and lists, goals and
 * experiences), read from the fakes' own data so it stays true: `npm run dev` prints it.
 * @returns {string[]}
 */
function sandboxIds() {
	const fakes = path.join(compiled, 'test', 'fakes');
	const convertr = require(path.join(fakes, 'convertr.cjs'));
	const kartra = require(path.join(fakes, 'kartra.cjs'));
	const convert = require(path.join(fakes, 'convert.cjs'));
	/** @param {Array<{ id?: unknown; name?: unknown }>} items */
	const named = (items) => items.map((i) => `${String(i.name)} (${String(i.id)})`).join(', ');
	const lines = [`Convertr (publisher ${convertr.CONVERTR_SECRETS.publisherId}):`];
	for (const campaign of convertr.defaultCampaigns()) {
		const forms = named(
			campaign.forms.map((/** @type {{formId: number; formName: string}} */ f) => ({
				id: f.formId,
				name: f.formName,
			})),
		);
		const links = campaign.links.length ? `; links ${named(campaign.links)}` : '';
		const state =
			campaign.state === 'live' ? 'live' : `${campaign.state}: its leads are refused with 403`;
		lines.push(`  campaign ${campaign.id} (${state}): forms ${forms}${links}`);
	}
	const account = kartra.defaultAccountLists();
	lines.push(
		'Kartra:',
		`  tags ${account.tags.join(', ')}; lists ${account.lists.join(', ')}; sequences ${Object.keys(account.sequences).join(', ')}`,
	);
	const project = convert.sampleProject();
	lines.push(
		`Convert (account ${convert.CONVERT_IDS.accountId}, project ${convert.CONVERT_IDS.projectId}):`,
		`  goals ${named(project.goals)}`,
		`  experiences ${named(
			project.experiences.filter(
				(/** @type {{id: string; status?: string}} */ e) =>
					e.status === 'active' && !project.archived_experiences.includes(e.id),
			),
		)}`,
	);
	return lines;
}

/**
 * Starts n8n (SQLite, 127.0.0.1) with the package linked into `userFolder`; resolves when it is ready.
 * `command` is `['start']` for the main process, `['worker', …]` for a queue-mode worker (ready when its health
 * check on `readyPort` answers).
 */
/**
 * `packed`: the package goes in as users install it (its `npm pack` tarball into `.n8n/nodes`); otherwise the working
 * tree is linked there (for development: a rebuild shows on the next start).
 * `version`: an n8n of the compatibility matrix instead of the pinned one (installed on first use).
 * @param {{ userFolder: string; port: number; env?: Record<string, string>; log?: string; command?: string[]; readyPort?: number; onWaiting?: () => void; packed?: boolean; version?: string }} options
 */
async function startN8n({
	userFolder,
	port,
	env = {},
	log = 'inherit',
	command = ['start'],
	readyPort = port,
	onWaiting,
	packed = false,
	version = N8N_VERSION,
}) {
	const { nodeBin, n8nBin, cacheDir } = await ensureN8n(undefined, version);
	runningN8nDir = cacheDir;
	if (packed) installPacked(userFolder, packageMode);
	else linkPackage(userFolder);
	const brokerPort = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const out = log === 'inherit' ? 'inherit' : fs.openSync(log, 'a');
	// not jest's NODE_ENV=test, under which n8n exits at once, silently (the e2e specs run in jest)
	const { NODE_ENV, ...inherited } = process.env;
	// its own process group: stopping the group stops its task runner too
	const child = track(
		`n8n ${command[0]}`,
		spawn(nodeBin, [n8nBin, ...command], {
			cwd: root,
			detached: true,
			stdio: ['ignore', out, out],
			env: {
				...inherited,
				...(NODE_ENV === 'test' ? {} : { NODE_ENV }),
				N8N_USER_FOLDER: userFolder,
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PORT: String(port),
				N8N_PROTOCOL: 'http',
				N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
				N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
				N8N_SECURE_COOKIE: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				// nothing that calls out to n8n's servers (the machine may have no internet; they only add noise)
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_DYNAMIC_BANNERS_ENABLED: 'false',
				N8N_VERIFIED_PACKAGES_ENABLED: 'false',
				// modules of 2.41 that call out; an older n8n refuses to start on a module name it does not know
				...(version === N8N_VERSION ? { N8N_DISABLED_MODULES: 'mcp-registry,instance-ai' } : {}),
				N8N_PYTHON_ENABLED: 'false',
				// settings whose defaults change in later n8n versions, set so n8n does not warn about them
				N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
				N8N_RUNNERS_TASK_TIMEOUT: '300',
				N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
				N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
				// a stop (Ctrl-C, a signal) ends n8n and its task runner within seconds
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
				N8N_RUNNERS_GRACEFUL_SHUTDOWN_TIMEOUT: '3',
				N8N_RUNNERS_SHUTDOWN_FORCE_KILL_MARGIN: '1',
				PATH: `${path.dirname(nodeBin)}:${process.env.PATH}`,
				...env,
			},
		}),
		{ group: true },
	);
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n exited with ${child.exitCode} while starting`);
		try {
			const r = await fetch(
				`http://127.0.0.1:${readyPort}/healthz${command[0] === 'start' ? '/readiness' : ''}`,
			);
			// n8n 1.x is "ready" before its REST routes exist: the editor's first call answers once they do
			if (r.ok && (command[0] !== 'start' || (await fetch(`${base}/rest/settings`)).ok)) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error('n8n did not start within 180 s');
		onWaiting?.();
		await new Promise((r) => setTimeout(r, 500));
	}
	const entry = started.get(child.pid);
	return {
		base,
		pid: child.pid,
		child,
		/** n8n and its task runners (its process group) */
		members: () => groupMembers(child.pid),
		stop: () =>
			new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
				if (hasExited(child)) {
					signal({ child, group: true }, 'SIGKILL');
					return resolve();
				}
				const timer = setTimeout(() => signal({ child, group: true }, 'SIGKILL'), 15_000);
				child.once('exit', () => {
					clearTimeout(timer);
					// the task runner, should it outlive n8n
					signal({ child, group: true }, 'SIGKILL');
					resolve();
				});
				signal(entry ?? { child, group: true }, 'SIGTERM');
			}),
	};
}

/** The install folder of the n8n started last (its `flatted`, to read stored executions) */
let runningN8nDir = paths().cacheDir;
const n8nDir = () => runningN8nDir;

/**
 * Activates a workflow as the editor does: 2.x has an activate route (given the version to publish); 1.x sets
 * `active` on the workflow.
 * @param {{ call: (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; data: any }> }} rest
 * @param {{ id: string; versionId?: string }} workflow
 */
async function activateWorkflow(rest, workflow) {
	const answer = await rest.call('POST', `/rest/workflows/${workflow.id}/activate`, {
		versionId: workflow.versionId,
	});
	if (answer.status !== 404) return answer;
	const full = (await rest.call('GET', `/rest/workflows/${workflow.id}`)).data;
	return await rest.call('PATCH', `/rest/workflows/${workflow.id}`, {
		active: true,
		versionId: full?.versionId,
	});
}

/**
 * n8n's editor in headless Chromium (Debian's package, or CHROMIUM_PATH; driven with playwright-core): the browser and
 * a page of a laptop's size, not signed in yet.
 */
async function openBrowser() {
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(20_000);
	return { browser, page };
}

/** Signs in to the editor at `base` as the sandbox owner, as a user does; resolves once the page has left the form. */
async function signInEditor(page, base) {
	await page.goto(`${base}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
		.first()
		.fill(SANDBOX_OWNER.email);
	await page.locator('input[type="password"]').first().fill(SANDBOX_OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !/signin/.test(url.pathname), { timeout: 30_000 });
}

/** A logged-in client of n8n's REST API (the editor's own endpoints). */
function restClient(base) {
	let cookie = '';
	async function call(method, route, body) {
		const response = await fetch(base + route, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': 'sandbox-script',
				...(cookie ? { cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		let parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
		return {
			status: response.status,
			body: parsed,
			data: parsed && typeof parsed === 'object' ? parsed.data : undefined,
		};
	}
	return {
		call,
		get cookie() {
			return cookie;
		},
		/** Creates the sandbox owner on a new instance, or logs in as it. */
		async signIn(owner = SANDBOX_OWNER) {
			const setup = await call('POST', '/rest/owner/setup', owner);
			if (setup.status === 200) return true;
			const login = await call('POST', '/rest/login', {
				emailOrLdapLoginId: owner.email,
				password: owner.password,
			});
			return login.status === 200;
		},
	};
}

/**
 * The example workflows: this tree's (examples/), or in per-service mode the packages' own (packages/<folder>/examples/,
 * the per-service node types; an example several packages use is in each of their folders, and taken once)
 */
function loadExamples() {
	const dirs =
		packageMode === 'per-service'
			? fs
					.readdirSync(path.join(root, 'packages'))
					.map((folder) => path.join(root, 'packages', folder, 'examples'))
			: [path.join(root, 'examples')];
	/** @type {Map<string, string>} */
	const files = new Map();
	for (const dir of dirs)
		for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')))
			if (!files.has(file)) files.set(file, path.join(dir, file));
	return [...files.keys()].sort().map((file) => ({
		file,
		workflow: withNodeTypes(JSON.parse(fs.readFileSync(String(files.get(file)), 'utf8'))),
	}));
}

/** The credentials that point the nodes at the fakes, by credential type. */
function sandboxCredentials(fakes) {
	const { CONVERTR_SECRETS } = require(path.join(compiled, 'test', 'fakes', 'convertr.cjs'));
	const { KARTRA_SECRETS } = require(path.join(compiled, 'test', 'fakes', 'kartra.cjs'));
	const { CONVERT_IDS, CONVERT_SECRETS } = require(
		path.join(compiled, 'test', 'fakes', 'convert.cjs'),
	);
	return {
		convertrPublisherApi: {
			name: 'Convertr (sandbox)',
			data: {
				enterprise: 'acme',
				clientId: CONVERTR_SECRETS.clientId,
				clientSecret: CONVERTR_SECRETS.clientSecret,
				apiKey: CONVERTR_SECRETS.apiKey,
				grantType: 'apiKey',
				publisherId: CONVERTR_SECRETS.publisherId,
				baseUrl: fakes.convertr.url,
			},
		},
		convertrCampaignApi: {
			name: 'Convertr campaign 100 key (sandbox)',
			data: {
				enterprise: 'acme',
				campaignId: '100',
				apiKey: CONVERTR_SECRETS.campaignApiKey,
				publisherId: CONVERTR_SECRETS.publisherId,
				baseUrl: fakes.convertr.url,
			},
		},
		kartraApi: { name: 'Kartra (sandbox)', data: { ...KARTRA_SECRETS, baseUrl: fakes.kartra.url } },
		convertExperiencesApi: {
			name: 'Convert (sandbox)',
			data: {
				accountId: CONVERT_IDS.accountId,
				projectId: CONVERT_IDS.projectId,
				debugToken: CONVERT_SECRETS.debugToken,
				configBaseUrl: fakes.convert.configUrl,
				metricsBaseUrl: fakes.convert.url,
			},
		},
		convertrTriggerApi: {
			name: 'Convertr Trigger secret (sandbox)',
			data: { secret: TRIGGER_SECRETS.convertr },
		},
		kartraTriggerApi: {
			name: 'Kartra Trigger secret (sandbox)',
			data: { secret: TRIGGER_SECRETS.kartra },
		},
	};
}

/**
 * Creates (or points at today's fakes) the sandbox credentials and imports the example workflows that are not
 * there yet, wired to those credentials. `adjust(workflow)` may change a workflow before import; `activate`
 * lists the example files to activate; `reset` first removes the examples a user may have changed.
 */
/**
 * @param {ReturnType<typeof restClient>} rest
 * @param {any} fakes
 * @param {{ adjust?: (workflow: any, file: string) => any; activate?: string[]; examples?: boolean; reset?: boolean }} [options]
 * @returns {Promise<{ credentials: Record<string, { id: string; name: string }>; workflows: Record<string, any> }>}
 */
async function provision(
	rest,
	fakes,
	{ adjust = (wf) => wf, activate = [], examples = true, reset = false } = {},
) {
	const wanted = sandboxCredentials(fakes);
	const existing = (await rest.call('GET', '/rest/credentials')).data ?? [];
	/** @type {Record<string, { id: string; name: string }>} */
	const refs = {};
	for (const [type, { name, data }] of Object.entries(wanted)) {
		const found = existing.find((c) => c.type === type && c.name === name);
		const answer = found
			? await rest.call('PATCH', `/rest/credentials/${found.id}`, { name, type, data })
			: await rest.call('POST', '/rest/credentials', { name, type, data });
		if (answer.status !== 200)
			throw new Error(
				`could not save credential ${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
			);
		refs[type] = { id: answer.data.id, name };
	}
	let workflows = (await rest.call('GET', '/rest/workflows')).data ?? [];
	if (reset) {
		// the examples as shipped: a user's edits to them go (archived, then deleted, as n8n deletes a workflow)
		const names = new Set(loadExamples().map(({ workflow }) => workflow.name));
		for (const workflow of workflows.filter((w) => names.has(w.name))) {
			const archived = await rest.call('POST', `/rest/workflows/${workflow.id}/archive`, {});
			const deleted = await rest.call('DELETE', `/rest/workflows/${workflow.id}`);
			if (archived.status !== 200 || deleted.status !== 200)
				throw new Error(
					`could not remove "${workflow.name}" to restore it: ${archived.status} / ${deleted.status}`,
				);
		}
		workflows = (await rest.call('GET', '/rest/workflows')).data ?? [];
	}
	const imported = {};
	for (const { file, workflow } of examples ? loadExamples() : []) {
		let target = workflows.find((w) => w.name === workflow.name);
		if (!target) {
			const wf = withNodeTypes(adjust(structuredClone(workflow), file));
			for (const node of wf.nodes) {
				for (const type of Object.keys(node.credentials ?? {}))
					if (refs[type]) node.credentials[type] = refs[type];
			}
			// n8n 1.x needs `active` given (2.x activates by its own route and ignores it)
			const created = await rest.call('POST', '/rest/workflows', { active: false, ...wf });
			if (created.status !== 200)
				throw new Error(
					`could not import ${file}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`,
				);
			target = created.data;
		}
		imported[file] = target;
		if (activate.includes(file)) {
			const full = (await rest.call('GET', `/rest/workflows/${target.id}`)).data;
			const answer = await activateWorkflow(rest, full);
			if (answer.status !== 200)
				throw new Error(
					`could not activate ${file}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
				);
		}
	}
	return { credentials: refs, workflows: imported };
}

module.exports = {
	NODE_NAMES,
	PACKAGE,
	getPackageMode,
	nodeType,
	setPackageMode,
	withNodeTypes,
	activateWorkflow,
	n8nDir,
	SANDBOX_OWNER,
	TRIGGER_SECRETS,
	compileFakes,
	loadExamples,
	openBrowser,
	provision,
	restClient,
	sandboxCredentials,
	signInEditor,
	startFake,
	sandboxIds,
	startFakes,
	startN8n,
	stopAll,
};
