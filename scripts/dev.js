#!/usr/bin/env node
// @ts-check
// npm run dev: builds the package, makes sure n8n is installed in .cache/n8n, links the package into a local n8n
// user folder (.n8n-dev) the way n8n loads community packages, and starts n8n on 127.0.0.1.
// Sandbox (the default; `npm run dev -- --no-sandbox` skips it): also starts the three fake APIs, signs in as a
// sandbox owner, points "(sandbox)" credentials at the fakes and imports the example workflows, so that every node
// works without an account. `npm run dev -- --reset` puts the examples back as shipped.
// The terminal gets one line per step; n8n's own output goes to .n8n-dev/n8n.log.
// Stopping: Ctrl-C, or SIGINT, SIGTERM or SIGHUP to any process of the tree (npm, this script, n8n, its task
// runner, a fake) stops every process this script started, by PID, within seconds.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const {
	SANDBOX_OWNER,
	TRIGGER_SECRETS,
	compileFakes,
	provision,
	restClient,
	sandboxIds,
	startFakes,
	startN8n,
	stopAll,
} = require('./sandbox');
const { alive, processInfo, say } = require('./util');

const root = path.resolve(__dirname, '..');
const port = Number(process.env.N8N_PORT || 5678);
const sandbox = !process.argv.includes('--no-sandbox');
const reset = process.argv.includes('--reset');
// --no-build: use the dist/ and the compiled fakes as they are (the tests of this script start it many times)
const build = !process.argv.includes('--no-build');
// N8N_DEV_USER_FOLDER: another data folder (the tests of this script use one of their own)
const userFolder = path.resolve(process.env.N8N_DEV_USER_FOLDER || path.join(root, '.n8n-dev'));
const n8nLog = path.join(userFolder, 'n8n.log');

let stopping = false;

async function shutdown(reason, code = 0) {
	if (stopping) return;
	stopping = true;
	say(`\n${reason}: stopping n8n and the fake APIs…`);
	await stopAll(6000);
	say('Stopped.');
	process.exit(code);
}

for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'])
	process.on(name, () => void shutdown(`${name} received`));

/**
 * npm passes SIGINT and SIGTERM on to this script (package.json runs it with `exec`, so no shell stands between),
 * but ends on SIGHUP without passing it on. So the processes that started this script, up to npm (a shell between
 * them, should one be there), are watched: when one is gone, everything stops.
 */
/** @returns {number[]} */
function starters() {
	const chain = [];
	for (let pid = process.ppid; pid > 1 && chain.length < 4;) {
		const info = processInfo(pid);
		if (!info) break;
		chain.push(pid);
		if (!/(^|\/)(sh|bash|dash) -c /.test(info.args)) break; // npm itself, or whatever started this script
		pid = info.ppid;
	}
	return chain.length ? chain : [process.ppid];
}
for (const pid of starters()) {
	setInterval(() => {
		if (!alive(pid)) void shutdown(`The process that started this script (pid ${pid}) is gone`);
	}, 500).unref();
}

/** Ends everything when a process of the tree ends on its own (a signal to n8n, its task runner or a fake). */
function watch(name, isAlive) {
	const timer = setInterval(() => {
		if (!isAlive()) {
			clearInterval(timer);
			void shutdown(`${name} stopped`, 1);
		}
	}, 500);
}

/** "12 of about 250 database migrations": n8n's first start sets up its database. */
function startupProgress() {
	let lastReport = Date.now();
	return () => {
		if (Date.now() - lastReport < 10_000) return;
		lastReport = Date.now();
		const log = fs.existsSync(n8nLog) ? fs.readFileSync(n8nLog, 'utf8') : '';
		const migrations = (log.match(/Finished migration/g) ?? []).length;
		say(
			migrations > 0
				? `  still starting: ${migrations} database migrations done…`
				: '  still starting…',
		);
	};
}

async function main() {
	const started = Date.now();
	fs.mkdirSync(userFolder, { recursive: true });
	say(build ? '[1/5] Building the package…' : '[1/5] Using the package as built (--no-build)');
	if (build) {
		try {
			execFileSync('npm', ['run', '--silent', 'build'], {
				cwd: root,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
		} catch (failure) {
			const error = /** @type {{ stdout?: Buffer; stderr?: Buffer }} */ (failure);
			process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
			throw new Error('the build failed');
		}
	}
	say('[2/5] n8n 2.41.1 in .cache/n8n…');
	await require('./n8nInstall').ensureN8n((line) => say(`  ${line}`));

	let fakes;
	if (sandbox) {
		say('[3/5] Starting the fake Convertr, Kartra and Convert APIs…');
		if (build) compileFakes();
		fakes = await startFakes();
		for (const fake of [fakes.convertr, fakes.kartra, fakes.convert])
			watch(`The fake ${fake.service} API`, () => alive(fake.pid));
	} else {
		say('[3/5] No sandbox (--no-sandbox): no fake APIs');
	}

	const firstStart = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	say(
		`[4/5] Starting n8n on http://127.0.0.1:${port}${firstStart ? ' (the first start sets up its database: 1 to 3 minutes)' : ''}; its log: ${path.relative(root, n8nLog)}`,
	);
	const n8n = await startN8n({ userFolder, port, log: n8nLog, onWaiting: startupProgress() });
	n8n.child.on('exit', (code) => void shutdown(`n8n exited (${code ?? 'signal'})`, code ?? 1));
	// n8n's task runners, started with it: a signal to one of them stops the whole tree too
	for (const pid of n8n.members().filter((p) => p !== n8n.pid))
		watch(`n8n's task runner (pid ${pid})`, () => alive(pid));

	if (sandbox) {
		say(
			`[5/5] Setting up the sandbox: owner, credentials, example workflows${reset ? ' (restored as shipped)' : ''}…`,
		);
		const rest = restClient(n8n.base);
		if (await rest.signIn()) {
			await provision(rest, fakes, { reset });
			say('');
			say(
				`Sandbox ready in ${Math.round((Date.now() - started) / 1000)} s. Log in as ${SANDBOX_OWNER.email} / ${SANDBOX_OWNER.password}`,
			);
			say(
				'The example workflows are in the workflow list; their triggers hold pinned sample data, so',
			);
			say(
				'"Execute workflow" runs every node against the fake APIs, in any order. Trigger secrets (for calling the',
			);
			say(
				`production webhooks yourself): Convertr ?token=${TRIGGER_SECRETS.convertr}, Kartra ?token=${TRIGGER_SECRETS.kartra}`,
			);
			say('Changed an example and want it back? npm run dev -- --reset');
			say('');
			say('What the fake APIs hold, for workflows of your own:');
			for (const line of sandboxIds()) say(`  ${line}`);
		} else {
			say('');
			say(
				'This n8n already has an owner other than the sandbox one: the sandbox credentials and examples were not set up.',
			);
			say('Import them yourself from examples/, or remove .n8n-dev to start afresh.');
		}
	} else {
		say('[5/5] No sandbox: nothing to set up');
	}
	say('');
	say(
		`n8n is running with ${require(path.join(root, 'package.json')).name} loaded: http://127.0.0.1:${port}`,
	);
	say('Press Ctrl-C to stop.');
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	await shutdown('Start-up failed', 1);
});
