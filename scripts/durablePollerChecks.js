// @ts-check
// The Convertr Lead Result Trigger under n8n's durable poll scheduler (part of `npm run test:e2e`, beside the
// Lead Result Trigger check of the main n8n: both mostly wait for n8n's minute polls): an n8n and a Convertr fake
// of its own, with the scheduler, durable poll triggers and durable cursors on, and a short poll timeout. Convertr's
// lead results are slowed down until a poll is abandoned for its timeout (its work is thrown away, the next poll
// repeats the same window), then answer again: each verdict is still emitted once.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { verdictsOf, watchDeliveries } = require('./leadResultChecks');
const { provision, restClient, startFake, startN8n } = require('./sandbox');
const { expect, freePort, sleep, waitFor } = require('./util');

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

/**
 * @param {(name: string, fn: () => Promise<string | void>) => Promise<void>} check
 * @param {{ fakes: any; outDir: string; secrets: string[] }} context (the Kartra and Convert fakes are shared)
 */
async function runDurablePollerChecks(check, { fakes, outDir, secrets }) {
	await check(
		"Convertr Lead Result Trigger under n8n's durable poll scheduler: a poll abandoned for its timeout, polls run again over the same window, each verdict emitted once",
		async () => {
			const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-durable-'));
			const log = path.join(outDir, 'n8n-durable.log');
			/** its own Convertr, slowed down without slowing the other checks */
			const convertr = await startFake('convertr');
			let n8n;
			try {
				n8n = await startN8n({
					userFolder,
					port: await freePort(),
					log,
					packed: true,
					env: DURABLE,
				});
				const rest = restClient(n8n.base);
				expect(await rest.signIn(), 'could not sign in to the durable n8n');
				const { credentials } = await provision(rest, { ...fakes, convertr }, { examples: false });
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
				const abandoned = () => fs.readFileSync(log, 'utf8').split(ABANDONED).length - 1;
				// the leads' first check is a minute after their delivery, at the next minute poll
				await waitFor('a poll abandoned for its timeout', async () => abandoned() > 0, 200_000);
				const slowCalls = (await convertr.detail()).leadResultCalls.length;
				await convertr.configure({ latencyMs: 0 });
				await waitFor(
					'both verdicts',
					async () => (await verdictsOf(rest, watcher.id)).got.length >= 2,
					150_000,
				);
				await sleep(65_000); // one more poll: nothing may come twice
				const { runs, got } = await verdictsOf(rest, watcher.id);
				const want = [`${ids[0]}:valid`, `${ids[1]}:invalid`].sort();
				expect(
					JSON.stringify(got) === JSON.stringify(want),
					`verdicts: ${JSON.stringify(got)}, wanted ${JSON.stringify(want)} (${runs.length} executions)`,
				);
				const calls = (await convertr.detail()).leadResultCalls;
				const validChecks = calls.filter((id) => id === ids[0]).length;
				expect(
					validChecks >= 2,
					`the valid lead was checked ${validChecks} time(s): the abandoned poll's check was not repeated`,
				);
				await rest.call('POST', `/rest/workflows/${watcher.id}/deactivate`, {});
				return `${abandoned()} poll(s) abandoned for their timeout (${slowCalls} slow lead-result calls); the valid lead checked ${validChecks} times; ${runs.length} execution(s), verdicts ${got.join(', ')}`;
			} finally {
				await n8n?.stop();
				await convertr.stop();
				fs.rmSync(userFolder, { recursive: true, force: true });
			}
		},
	);
}

module.exports = { runDurablePollerChecks };
