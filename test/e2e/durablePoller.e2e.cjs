// @ts-check
// The Convertr Lead Result Trigger under n8n's durable poll scheduler: an n8n with the scheduler, durable poll
// triggers and durable cursors on, and a short poll timeout. Convertr's lead results are slowed down until a poll is
// abandoned for its timeout (its work is thrown away, the next poll repeats the same window), then answer again:
// each verdict is still emitted once (about five minutes of n8n's minute polls).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { verdictsOf, watchDeliveries } = require('./leadResultWatch.cjs');
const { outDir, useN8n } = require('./n8n.cjs');
const { sleep, waitFor } = require('../../scripts/util');

/** n8n's durable scheduler for poll triggers, with cursors committed with the execution they start */
const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	// a poll gets 8 s (the trigger's budget: 4 s); the scheduler looks for due polls every second
	N8N_SCHEDULER_POLL_TIMEOUT: '8',
	N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
};
const ABANDONED = 'Poll exceeded its timeout and was abandoned';

const sandbox = useN8n({ env: DURABLE });

test("Convertr Lead Result Trigger under n8n's durable poll scheduler: a poll abandoned for its timeout, polls run again over the same window, each verdict emitted once", async () => {
	const { rest, fakes, n8n, credentials, secrets } = sandbox;
	const convertr = fakes.convertr;
	const emails = [
		'valid.durable@example.com',
		'invalid.durable@example.com',
		'pending.durable@example.com',
	];
	const { watcher } = await watchDeliveries(rest, {
		n8n,
		credentials,
		secrets,
		label: 'e2e durable',
		hookPath: 'e2e-durable-deliver',
		emails,
	});
	const delivered = (await convertr.detail()).leads;
	const ids = emails.map((email) => delivered.find((l) => l.form?.email === email)?.id);
	await convertr.configure({
		leadResults: {
			[emails[0]]: 'valid',
			[emails[1]]: { qaReasons: ['Email address is not valid'] },
		},
		// slower than the poll's 8 s: the first poll that checks the leads is abandoned
		latencyMs: 12_000,
	});
	const log = path.join(outDir, 'n8n-durablePoller.log');
	const abandoned = () => fs.readFileSync(log, 'utf8').split(ABANDONED).length - 1;
	// the leads' first check is a minute after their delivery, at the next minute poll
	await waitFor('a poll abandoned for its timeout', async () => abandoned() > 0, 200_000);
	await convertr.configure({ latencyMs: 0 });
	await waitFor(
		'both verdicts',
		async () => (await verdictsOf(rest, watcher.id)).got.length >= 2,
		150_000,
	);
	await sleep(65_000); // one more poll: nothing may come twice
	const { runs, got } = await verdictsOf(rest, watcher.id);
	const want = [`${ids[0]}:valid`, `${ids[1]}:invalid`].sort();
	assert(
		JSON.stringify(got) === JSON.stringify(want),
		`verdicts: ${JSON.stringify(got)}, wanted ${JSON.stringify(want)} (${runs.length} executions)`,
	);
	const calls = (await convertr.detail()).leadResultCalls;
	const validChecks = calls.filter((id) => id === ids[0]).length;
	assert(
		validChecks >= 2,
		`the valid lead was checked ${validChecks} time(s): the abandoned poll's check was not repeated`,
	);
	await rest.call('POST', `/rest/workflows/${watcher.id}/deactivate`, {});
}, 500_000);
