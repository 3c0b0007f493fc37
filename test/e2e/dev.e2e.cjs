// @ts-check
// `npm run dev`: started as a user starts it, it is stopped by SIGINT,
// SIGTERM or SIGHUP sent to one process of its tree (npm, the dev script, n8n, n8n's task runner, a fake API), and
// then every process of the tree is gone, by PID, and its port is free again, within seconds; a user's edit to an
// example survives a restart and `--reset` restores it. Each case starts its own `npm run dev` (with a data folder
// and port of its own); whatever a case leaves running, it kills by PID.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { alive, freePort, portInUse, processTable, sleep } = require('../../scripts/util');

const root = path.resolve(__dirname, '..', '..');
const STOP_WITHIN_MS = 10_000;

/** The processes below `pid` (children, their children, …), and the process groups they lead. */
function tree(pid) {
	const table = processTable();
	/** @type {Map<number, { ppid: number; pgid: number; args: string }>} */
	const found = new Map();
	const root = table.get(pid);
	if (root) found.set(pid, root);
	for (let grew = true; grew;) {
		grew = false;
		for (const [child, info] of table) {
			if (!found.has(child) && (found.has(info.ppid) || found.has(info.pgid))) {
				found.set(child, info);
				grew = true;
			}
		}
	}
	return found;
}

/** The process of the tree a case signals. */
const TARGETS = {
	npm: (pids, npmPid) => npmPid,
	'the dev script': (pids) =>
		pids.find(([, info]) => /^node scripts\/dev\.js/.test(info.args))?.[0],
	n8n: (pids) => pids.find(([, info]) => /n8n\/bin\/n8n start/.test(info.args))?.[0],
	"n8n's task runner": (pids) => pids.find(([, info]) => /task-runner/.test(info.args))?.[0],
	'the fake Kartra API': (pids) =>
		pids.find(([, info]) => /fakeProcess\.cjs kartra/.test(info.args))?.[0],
};

const CASES = [
	['SIGINT', "n8n's task runner"],
	['SIGINT', 'npm'],
	['SIGTERM', 'npm'],
	['SIGHUP', 'npm'],
	['SIGINT', 'the dev script'],
	['SIGTERM', 'the dev script'],
	['SIGHUP', 'the dev script'],
	['SIGTERM', 'n8n'],
	['SIGTERM', 'the fake Kartra API'],
];

/** Starts `npm run dev -- --no-build [args]` on a port of its own; resolves once it says it is ready. */
async function startDev(userFolder, args = []) {
	const port = await freePort();
	const output = [];
	const npm = spawn('npm', ['run', 'dev', '--', '--no-build', ...args], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, N8N_PORT: String(port), N8N_DEV_USER_FOLDER: userFolder },
	});
	npm.stdout.on('data', (chunk) => output.push(String(chunk)));
	npm.stderr.on('data', (chunk) => output.push(String(chunk)));
	const deadline = Date.now() + 180_000;
	while (!output.join('').includes('Press Ctrl-C to stop.')) {
		if (npm.exitCode !== null)
			throw new Error(`npm run dev ended while starting:\n${output.join('').slice(-1500)}`);
		if (Date.now() > deadline) {
			killAll([...tree(npm.pid)]);
			throw new Error('npm run dev did not get ready within 180 s');
		}
		await sleep(250);
	}
	return { npm, port, output, base: `http://127.0.0.1:${port}`, pids: () => [...tree(npm.pid)] };
}

function killAll(pids) {
	for (const [pid] of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone, as it should be
		}
	}
}

/** Sends `signal` to `targetPid` and waits until every process of `pids` is gone and the port is free. */
async function stopsWithin(pids, port, signal, targetPid, what) {
	const sent = Date.now();
	process.kill(targetPid, signal);
	for (;;) {
		const left = pids.filter(([pid]) => alive(pid));
		if (left.length === 0 && !(await portInUse(port))) return Date.now() - sent;
		if (Date.now() - sent > STOP_WITHIN_MS) {
			throw new Error(
				`${left.length} of ${pids.length} processes still running ${STOP_WITHIN_MS / 1000} s after ${signal} to ${what}: ${JSON.stringify(left.map(([pid, info]) => [pid, info.args.slice(0, 80)]))}`,
			);
		}
		await sleep(100);
	}
}

async function runCase(signal, target, userFolder) {
	const dev = await startDev(userFolder);
	const pids = dev.pids();
	try {
		const targetPid = TARGETS[target](pids, dev.npm.pid);
		if (!targetPid)
			throw new Error(
				`no ${target} among ${JSON.stringify(pids.map(([pid, info]) => [pid, info.args.slice(0, 80)]))}`,
			);
		return {
			ms: await stopsWithin(pids, dev.port, signal, targetPid, target),
			processes: pids.length,
		};
	} finally {
		killAll(pids);
	}
}

/** The Convertr node's campaign in example 01, as n8n holds the workflow now (and how many copies there are). */
async function exampleCampaign(base) {
	const { restClient } = require('../../scripts/sandbox');
	const rest = restClient(base);
	if (!(await rest.signIn())) throw new Error('could not sign in as the sandbox owner');
	const copies = ((await rest.call('GET', '/rest/workflows')).data ?? []).filter((w) =>
		w.name.startsWith('Lead delivery: webhook'),
	);
	if (copies.length === 0) throw new Error('example 01 is not in the workflow list');
	const workflow = (await rest.call('GET', `/rest/workflows/${copies[0].id}`)).data;
	return {
		rest,
		workflow,
		copies: copies.length,
		campaign: workflow.nodes.find((n) => n.name === 'Deliver to Convertr').parameters.campaignId,
	};
}

/** A user's edit to an example survives a restart; `npm run dev -- --reset` brings the example back as shipped. */
async function runResetCase(userFolder) {
	const restart = async (args, change) => {
		const dev = await startDev(userFolder, args);
		const pids = dev.pids();
		try {
			const state = await exampleCampaign(dev.base);
			await change?.(state);
			await stopsWithin(pids, dev.port, 'SIGINT', dev.npm.pid, 'npm');
			return state;
		} finally {
			killAll(pids);
		}
	};
	await restart([], async ({ rest, workflow }) => {
		const node = workflow.nodes.find((n) => n.name === 'Deliver to Convertr');
		node.parameters.campaignId = '999';
		const saved = await rest.call('PATCH', `/rest/workflows/${workflow.id}`, {
			...workflow,
			nodes: workflow.nodes,
		});
		if (saved.status !== 200)
			throw new Error(
				`could not edit the example: ${saved.status} ${JSON.stringify(saved.body).slice(0, 200)}`,
			);
	});
	const kept = await restart([]);
	if (kept.campaign !== '999')
		throw new Error(`a restart lost the user's edit: campaign ${kept.campaign}`);
	const restored = await restart(['--reset']);
	if (restored.campaign !== '100' || restored.copies !== 1)
		throw new Error(
			`--reset left campaign ${restored.campaign} in ${restored.copies} copies of the example`,
		);
}

/** @type {string} */
let userFolder;
beforeAll(() => {
	userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dev-signals-'));
});
afterAll(() => fs.rmSync(userFolder, { recursive: true, force: true }));

for (const [signal, target] of CASES) {
	test(`npm run dev: ${signal} to ${target} stops every process of the tree, by PID, and frees the port`, async () => {
		await runCase(signal, target, userFolder);
	}, 60_000);
}

test("npm run dev: a user's edit to an example survives a restart; npm run dev -- --reset restores the example", async () => {
	const resetFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dev-reset-'));
	try {
		await runResetCase(resetFolder);
	} finally {
		fs.rmSync(resetFolder, { recursive: true, force: true });
	}
}, 180_000);
