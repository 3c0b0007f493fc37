#!/usr/bin/env node
// npm run dev: builds the package, makes sure n8n is installed in .cache/n8n, links the package into a local n8n
// user folder (.n8n-dev) the way n8n loads community packages, and starts n8n on 127.0.0.1.
// Sandbox (the default; `npm run dev -- --no-sandbox` skips it): also starts the three fake APIs, signs in as a
// sandbox owner, points "(sandbox)" credentials at the fakes and imports the example workflows, so that every node
// works without an account. Ctrl-C stops n8n and the fakes.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { SANDBOX_OWNER, TRIGGER_SECRETS, compileFakes, provision, restClient, startFakes, startN8n } = require('./sandbox');

const root = path.resolve(__dirname, '..');
const port = Number(process.env.N8N_PORT || 5678);
const sandbox = !process.argv.includes('--no-sandbox');
const userFolder = path.join(root, '.n8n-dev');
const say = (text) => process.stdout.write(`${text}\n`);

let fakes;
let n8n;
let stopping = false;

async function main() {
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the fake APIs…');
		await Promise.all([n8n?.stop(), fakes?.stop()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	if (sandbox) {
		compileFakes();
		fakes = await startFakes();
		say(`Fake APIs: Convertr ${fakes.convertr.url}, Kartra ${fakes.kartra.url}, Convert ${fakes.convert.configUrl} (config) and ${fakes.convert.url} (metrics)`);
	}
	n8n = await startN8n({ userFolder, port });
	n8n.child.on('exit', (code) => {
		if (!stopping) {
			say(`n8n exited (${code})`);
			void fakes?.stop().then(() => process.exit(code ?? 1));
		}
	});

	if (sandbox) {
		const rest = restClient(n8n.base);
		if (await rest.signIn()) {
			await provision(rest, fakes);
			say('');
			say(`Sandbox ready. Log in as ${SANDBOX_OWNER.email} / ${SANDBOX_OWNER.password}`);
			say('The example workflows are in the workflow list; their triggers hold pinned sample data, so');
			say('"Execute workflow" runs every node against the fake APIs. Trigger secrets (for calling the');
			say(`production webhooks yourself): Convertr ?token=${TRIGGER_SECRETS.convertr}, Kartra ?token=${TRIGGER_SECRETS.kartra}`);
		} else {
			say('');
			say('This n8n already has an owner other than the sandbox one: the sandbox credentials and examples were not set up.');
			say('Import them yourself from examples/, or remove .n8n-dev to start afresh.');
		}
	}
	say('');
	say(`n8n is running with ${require(path.join(root, 'package.json')).name} loaded: http://127.0.0.1:${port}`);
	say('Press Ctrl-C to stop.');
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	stopping = true;
	await Promise.all([n8n?.stop(), fakes?.stop()]);
	process.exit(1);
});
