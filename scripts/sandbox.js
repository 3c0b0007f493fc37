// The pieces `npm run dev` (sandbox) and `npm run test:e2e` share: the three fake APIs in their own processes,
// a real n8n with the package linked as users install it, and provisioning through n8n's REST API
// (owner, credentials pointing at the fakes, the example workflows).
'use strict';
const { execFileSync, fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { ensureN8n, linkPackage } = require('./n8nInstall');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, '.cache', 'bench');
const PACKAGE = 'n8n-nodes-convertr-kartra-convert';

const SANDBOX_OWNER = { email: 'sandbox@example.com', firstName: 'Sandbox', lastName: 'User', password: 'Sandbox-12345' };
const TRIGGER_SECRETS = { convertr: 'sandbox-convertr-secret-0001', kartra: 'sandbox-kartra-secret-00001' };

/** Compiles the fakes (they live in test/fakes, in TypeScript) into .cache/bench. */
function compileFakes() {
	execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'bench', 'tsconfig.json')], {
		cwd: root,
		stdio: 'inherit',
	});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** One fake API in a child process (bench/fakeProcess.ts), stopped by its own PID. */
async function startFake(service, options = {}) {
	const child = fork(path.join(compiled, 'bench', 'fakeProcess.js'), [service, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const url = await new Promise((resolve, reject) => {
		child.once('message', (m) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(`fake ${service} failed`))));
		child.once('exit', (code) => reject(new Error(`fake ${service} exited with ${code}`)));
	});
	const ask = (type) =>
		new Promise((resolve) => {
			const onMessage = (m) => {
				if (m.type !== type) return;
				child.off('message', onMessage);
				resolve(m);
			};
			child.on('message', onMessage);
			child.send({ type });
		});
	return {
		service,
		url,
		pid: child.pid,
		stats: () => ask('stats'),
		detail: () => ask('detail'),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 3000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				child.send({ type: 'stop' });
			}),
	};
}

/** The three fakes; `options` per service (e.g. `{ convertr: { invalidClientStatus: 401 } }`). */
async function startFakes(options = {}) {
	const [convertr, kartra, convert] = await Promise.all([startFake('convertr', options.convertr), startFake('kartra', options.kartra), startFake('convert', options.convert)]);
	convert.configUrl = (await convert.stats()).configUrl;
	return {
		convertr,
		kartra,
		convert,
		stop: () => Promise.all([convertr.stop(), kartra.stop(), convert.stop()]),
	};
}

/**
 * Starts n8n (SQLite, 127.0.0.1) with the package linked into `userFolder`; resolves when it is ready.
 * `command` is `['start']` for the main process, `['worker', …]` for a queue-mode worker (ready when its health
 * check on `readyPort` answers).
 */
async function startN8n({ userFolder, port, env = {}, log = 'inherit', command = ['start'], readyPort = port }) {
	const { nodeBin, n8nBin } = ensureN8n();
	linkPackage(userFolder);
	const brokerPort = await freePort();
	const out = log === 'inherit' ? 'inherit' : fs.openSync(log, 'a');
	const child = spawn(nodeBin, [n8nBin, ...command], {
		cwd: root,
		stdio: ['ignore', out, out],
		env: {
			...process.env,
			N8N_USER_FOLDER: userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			PATH: `${path.dirname(nodeBin)}:${process.env.PATH}`,
			...env,
		},
	});
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode} while starting`);
		try {
			const r = await fetch(`http://127.0.0.1:${readyPort}/healthz${command[0] === 'start' ? '/readiness' : ''}`);
			if (r.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error('n8n did not start within 180 s');
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		base,
		pid: child.pid,
		child,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 15_000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				process.kill(child.pid, 'SIGTERM');
			}),
	};
}

/** A logged-in client of n8n's REST API (the editor's own endpoints). */
function restClient(base) {
	let cookie = '';
	async function call(method, route, body) {
		const response = await fetch(base + route, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'sandbox-script', ...(cookie ? { cookie } : {}) },
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
		return { status: response.status, body: parsed, data: parsed && typeof parsed === 'object' ? parsed.data : undefined };
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
			const login = await call('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
			return login.status === 200;
		},
	};
}

function loadExamples() {
	const dir = path.join(root, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** The credentials that point the nodes at the fakes, by credential type. */
function sandboxCredentials(fakes) {
	const { CONVERTR_SECRETS } = require(path.join(compiled, 'test', 'fakes', 'convertr.js'));
	const { KARTRA_SECRETS } = require(path.join(compiled, 'test', 'fakes', 'kartra.js'));
	const { CONVERT_IDS, CONVERT_SECRETS } = require(path.join(compiled, 'test', 'fakes', 'convert.js'));
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
		kartraApi: { name: 'Kartra (sandbox)', data: { ...KARTRA_SECRETS, baseUrl: fakes.kartra.url } },
		convertApi: {
			name: 'Convert (sandbox)',
			data: {
				accountId: CONVERT_IDS.accountId,
				projectId: CONVERT_IDS.projectId,
				debugToken: CONVERT_SECRETS.debugToken,
				configBaseUrl: fakes.convert.configUrl,
				metricsBaseUrl: fakes.convert.url,
			},
		},
		convertrTriggerApi: { name: 'Convertr Trigger secret (sandbox)', data: { secret: TRIGGER_SECRETS.convertr } },
		kartraTriggerApi: { name: 'Kartra Trigger secret (sandbox)', data: { secret: TRIGGER_SECRETS.kartra } },
	};
}

/**
 * Creates (or points at today's fakes) the sandbox credentials and imports the example workflows that are not
 * there yet, wired to those credentials. `adjust(workflow)` may change a workflow before import; `activate`
 * lists the example files to activate.
 */
async function provision(rest, fakes, { adjust = (wf) => wf, activate = [], examples = true } = {}) {
	const wanted = sandboxCredentials(fakes);
	const existing = (await rest.call('GET', '/rest/credentials')).data ?? [];
	const refs = {};
	for (const [type, { name, data }] of Object.entries(wanted)) {
		const found = existing.find((c) => c.type === type && c.name === name);
		const answer = found
			? await rest.call('PATCH', `/rest/credentials/${found.id}`, { name, type, data })
			: await rest.call('POST', '/rest/credentials', { name, type, data });
		if (answer.status !== 200) throw new Error(`could not save credential ${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
		refs[type] = { id: answer.data.id, name };
	}
	const workflows = (await rest.call('GET', '/rest/workflows')).data ?? [];
	const imported = {};
	for (const { file, workflow } of examples ? loadExamples() : []) {
		let target = workflows.find((w) => w.name === workflow.name);
		if (!target) {
			const wf = adjust(structuredClone(workflow), file);
			for (const node of wf.nodes) {
				for (const type of Object.keys(node.credentials ?? {})) if (refs[type]) node.credentials[type] = refs[type];
			}
			const created = await rest.call('POST', '/rest/workflows', wf);
			if (created.status !== 200) throw new Error(`could not import ${file}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
			target = created.data;
		}
		imported[file] = target;
		if (activate.includes(file)) {
			const full = (await rest.call('GET', `/rest/workflows/${target.id}`)).data;
			const answer = await rest.call('POST', `/rest/workflows/${target.id}/activate`, { versionId: full.versionId });
			if (answer.status !== 200) throw new Error(`could not activate ${file}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
		}
	}
	return { credentials: refs, workflows: imported };
}

module.exports = {
	PACKAGE,
	SANDBOX_OWNER,
	TRIGGER_SECRETS,
	compileFakes,
	freePort,
	loadExamples,
	provision,
	restClient,
	sandboxCredentials,
	startFake,
	startFakes,
	startN8n,
};
