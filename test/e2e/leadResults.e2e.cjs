// @ts-check
// The Convertr Lead Result Trigger in a real n8n: an API key of that n8n, a workflow delivering leads, another
// polling their results every minute; each verdict is emitted once (the test waits for n8n's minute polls, about
// four minutes).
'use strict';
const assert = require('node:assert/strict');

const { verdictsOf, watchDeliveries } = require('./leadResultWatch.cjs');
const { useN8n } = require('./n8n.cjs');
const { sleep, waitFor } = require('../../scripts/util');
const { executionsOf } = require('./workflows.cjs');

const sandbox = useN8n();

test('Convertr Lead Result Trigger: an active workflow emits the verdicts of leads another workflow delivered, each once', async () => {
	const { rest, fakes, n8n, credentials, secrets } = sandbox;
	const emails = ['valid.lr@example.com', 'invalid.lr@example.com', 'pending.lr@example.com'];
	const { deliverer, watcher } = await watchDeliveries(rest, {
		n8n,
		credentials,
		secrets,
		label: 'e2e',
		hookPath: 'e2e-lead-results',
		emails,
	});
	await fakes.convertr.configure({
		leadResults: {
			[emails[0]]: 'valid',
			[emails[1]]: { qaReasons: ['Email address is not valid'] },
		},
	});
	// one question at a time: the fake's answers carry no request ID
	const delivered = (await fakes.convertr.detail()).leads;
	const ids = emails.map((email) => delivered.find((l) => l.form?.email === email)?.id);

	// the first check is a minute after delivery, at the first poll after that
	await waitFor(
		'an execution of the lead-result workflow',
		async () => {
			const list = await executionsOf(rest, watcher.id);
			return list.length > 0 ? list : undefined;
		},
		200_000,
	);
	await sleep(65_000); // one more poll: nothing may come twice
	const { runs: all, items, got } = await verdictsOf(rest, watcher.id);
	const want = [`${ids[0]}:valid`, `${ids[1]}:invalid`].sort();
	assert(
		JSON.stringify(got) === JSON.stringify(want),
		`verdicts: ${JSON.stringify(got)}, wanted ${JSON.stringify(want)} (${all.length} executions)`,
	);
	const invalid = items.find((i) => i.json.status === 'invalid')?.json;
	assert(
		JSON.stringify(invalid?.reasons) === JSON.stringify(['Email address is not valid']) &&
			invalid?.workflowId === deliverer.id &&
			invalid?.stillWatching === 1,
		`invalid item: ${JSON.stringify(invalid)}`,
	);
	const calls = (await fakes.convertr.detail()).leadResultCalls;
	const pendingChecks = calls.filter((id) => id === ids[2]).length;
	assert(
		pendingChecks >= 1,
		`the pending lead ${ids[2]} was not checked: ${JSON.stringify(calls)}`,
	);
	const text = JSON.stringify(items);
	assert(!secrets.some((secret) => text.includes(secret)), 'an emitted item holds a secret');
	for (const workflow of [watcher, deliverer]) {
		await rest.call('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
	}
}, 400_000);
