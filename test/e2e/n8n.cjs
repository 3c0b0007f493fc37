// @ts-check
// The set-up every e2e spec shares, once: `useN8n()` starts, before the spec file's tests, the three fake APIs and a
// real n8n with the package installed from its tarball (the pinned n8n, or the matrix's E2E_N8N_VERSION; the
// all-in-one package, or with E2E_PACKAGES=per-service the three per-service packages); signs in, saves the
// sandbox credentials pointing at the fakes, imports the examples when asked; and after the tests stops all of it,
// by PID. The spec's tests read what it started from the object it returns.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { installPacked } = require('../../scripts/n8nInstall');
const {
	TRIGGER_SECRETS,
	provision,
	restClient,
	sandboxCredentials,
	setPackageMode,
	startFakes,
	startN8n,
} = require('../../scripts/sandbox');
const { freePort, sleep } = require('../../scripts/util');

const root = path.resolve(__dirname, '..', '..');
/** The compatibility matrix's older n8n (scripts/n8nInstall.js MATRIX_VERSIONS); the pinned one when unset */
const VERSION = process.env.E2E_N8N_VERSION || undefined;
/** The three per-service packages installed together instead of the all-in-one package */
const PER_SERVICE = process.env.E2E_PACKAGES === 'per-service';
/** Where the n8n logs and the editor's screenshots go */
const outDir = path.join(
	root,
	'.cache',
	VERSION ? `e2e-n8n-${VERSION}` : PER_SERVICE ? 'e2e-per-service' : 'e2e',
);

/** @param {string} version @param {string} oldest */
function atLeast(version, oldest) {
	const a = version.split('.').map(Number);
	const b = oldest.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}
/** n8n 2.35.3 and later move a failed item whose JSON is `error` and `details` to the error output (n8n's PR 35971) */
const ROUTES_ERROR_DETAILS = !VERSION || atLeast(VERSION, '2.35.3');

/**
 * @typedef {object} Sandbox
 * @property {ReturnType<typeof restClient>} rest a signed-in client of n8n's REST API
 * @property {any} fakes the three fakes (`fakes.convertr.detail()`, `.configure()`, `.stats()`)
 * @property {{ base: string }} n8n where n8n listens
 * @property {Record<string, { id: string; name: string }>} credentials the sandbox credentials, by type
 * @property {Record<string, any>} workflows the imported examples, by file name
 * @property {string[]} secrets every secret the credentials hold; a test that makes another adds it
 * @property {() => Promise<void>} kill SIGKILL to n8n's main process, by its PID (a crash: nothing of n8n shuts down)
 * @property {() => Promise<void>} restart n8n started again on the same folder and port
 */

/**
 * @typedef {object} SandboxOptions
 * @property {boolean} [examples] import the example workflows
 * @property {string[]} [activate] example files to activate (webhooks register a moment after)
 * @property {(workflow: any, file: string) => any} [adjust] changes an example before its import
 * @property {Record<string, string>} [env] n8n's environment beside the sandbox's
 * @property {Record<string, object>} [fakes] options of each fake, by service
 * @property {boolean} [bothKinds] the all-in-one package and the per-service packages installed side by side
 */

/**
 * Registers the spec file's set-up and tear-down; returns the sandbox its tests read (filled in before they run).
 * @param {SandboxOptions} [options]
 * @returns {Sandbox}
 */
function useN8n(options = {}) {
	const sandbox = /** @type {Sandbox} */ (/** @type {unknown} */ ({ secrets: [] }));
	/** @type {any} */
	let n8n;
	/** @type {any} */
	let fakes;
	/** @type {string | undefined} */
	let userFolder;
	beforeAll(async () => {
		if (PER_SERVICE || options.bothKinds) setPackageMode('per-service');
		const spec = path.basename(String(expect.getState().testPath), '.e2e.cjs');
		fs.mkdirSync(outDir, { recursive: true });
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${spec}-`));
		fakes = await startFakes(options.fakes);
		if (options.bothKinds) installPacked(userFolder, 'all-in-one'); // the per-service ones by the mode
		const log = path.join(outDir, `n8n-${spec}.log`);
		fs.rmSync(log, { force: true }); // a test may read it: this run's lines only
		const n8nOptions = {
			userFolder,
			port: await freePort(),
			log,
			packed: true,
			env: options.env ?? {},
			...(VERSION ? { version: VERSION } : {}),
		};
		n8n = await startN8n(n8nOptions);
		const rest = restClient(n8n.base);
		if (!(await rest.signIn())) throw new Error('could not sign in to the new n8n');
		const { credentials, workflows } = await provision(rest, fakes, {
			examples: options.examples ?? false,
			activate: options.activate ?? [],
			adjust: options.adjust,
		});
		if (options.activate?.length) await sleep(1500); // webhooks register just after activation
		Object.assign(sandbox, {
			rest,
			fakes,
			n8n: { base: n8n.base },
			credentials,
			workflows,
			secrets: secretsOf(fakes),
			kill: async () => {
				const { child, pid } = n8n;
				const exited = new Promise((resolve) => child.once('exit', resolve));
				process.kill(pid, 'SIGKILL');
				await exited;
				await n8n.stop(); // its task runner, should it outlive it
			},
			restart: async () => {
				n8n = await startN8n(n8nOptions);
			},
		});
	}, 300_000);
	afterAll(async () => {
		await Promise.all([n8n?.stop(), fakes?.stop()]);
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	}, 60_000);
	return sandbox;
}

/** The secrets of the sandbox credentials and the triggers' (none may reach a stored execution). */
function secretsOf(fakes) {
	const values = [TRIGGER_SECRETS.convertr, TRIGGER_SECRETS.kartra];
	for (const { data } of Object.values(sandboxCredentials(fakes))) {
		for (const [key, value] of Object.entries(data)) {
			if (
				/secret|password|apiKey|token/i.test(key) &&
				typeof value === 'string' &&
				value.length >= 6
			)
				values.push(value);
		}
	}
	return values;
}

module.exports = { PER_SERVICE, ROUTES_ERROR_DETAILS, VERSION, outDir, useN8n };
