// @ts-check
// "Skip Already Delivered" in a real n8n (part of `npm run test:e2e`): a Convertr delivery refused part-way, then
// n8n's own Retry of the failed execution (its REST endpoint, as the editor's button calls it); and n8n killed by
// SIGKILL in the middle of a 500-lead delivery, started again, and the crashed execution retried. The fake counts
// what arrived; the retry's output says, per item, what became of it.
'use strict';
const {
	convertrLeadNode,
	createActive,
	executionsOf,
	storedItems,
	webhookNode,
	webhookPoster,
	workflowOf,
} = require('./e2eWorkflows');
const { expect, sleep, waitFor } = require('./util');

/** Each email's count at the Convertr fake, for the emails that match `pattern`. */
async function leadCounts(fakes, pattern) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const lead of (await fakes.convertr.detail()).leads) {
		const email = String(lead.form?.email ?? '');
		if (pattern.test(email)) counts.set(email, (counts.get(email) ?? 0) + 1);
	}
	return counts;
}

const twice = (counts) => [...counts].filter(([, n]) => n > 1).map(([email]) => email);

/**
 * @param {(name: string, fn: () => Promise<string | void>) => Promise<void>} check
 * @param {{ rest: any; fakes: any; credentials: any; n8n: { current: any; base: string; kill: () => Promise<void>; restart: () => Promise<void> } }} env
 */
async function runDeliveryChecks(check, { rest, fakes, credentials, n8n }) {
	const post = webhookPoster(n8n.base);
	const runsOf = async (workflowId) => await executionsOf(rest, workflowId);
	const finished = async (workflowId, what) =>
		await waitFor(
			what,
			async () =>
				(await runsOf(workflowId)).find((r) => !['running', 'new', 'waiting'].includes(r.status)),
			60_000,
		);
	const retry = async (executionId) => {
		const answer = await rest.call('POST', `/rest/executions/${executionId}/retry`, {
			loadWorkflow: false,
		});
		expect(
			answer.status === 200,
			`n8n's Retry answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
		);
		return answer.data;
	};
	/** A workflow: webhook (answers at once) → Split Out body.leads → Convertr Lead → Create */
	const deliveryWorkflow = async (name, hookPath, skipDelivered, settings = {}) => {
		const workflow = workflowOf(
			name,
			[
				webhookNode('In', hookPath, 'onReceived'),
				{
					name: 'Split',
					type: 'n8n-nodes-base.splitOut',
					parameters: { fieldToSplitOut: 'body.leads', options: {} },
				},
				convertrLeadNode('Deliver', credentials.convertrPublisherApi, '={{ $json.email }}'),
			],
			[
				['In', 0, 'Split'],
				['Split', 0, 'Deliver'],
			],
		);
		const deliver = workflow.nodes[2];
		deliver.parameters.skipDelivered = skipDelivered;
		if (skipDelivered) deliver.parameters.deliveryHistory = {};
		Object.assign(workflow.settings, settings);
		const created = await createActive(rest, workflow);
		await sleep(1000); // the webhook registers just after activation
		return created;
	};

	await check(
		"Skip Already Delivered: a delivery refused part-way (403 on lead 9 of 21), then n8n's Retry: each lead reaches Convertr once (without the option the Retry sends those delivered before again)",
		async () => {
			const outcome = {};
			for (const [label, skip] of /** @type {const} */ ([
				['with', true],
				['without', false],
			])) {
				const domain = `${label}-option.e2e.example.com`;
				const leads = Array.from({ length: 21 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
				const wf = await deliveryWorkflow(
					`e2e: retry ${label} Skip Already Delivered`,
					`e2e-retry-${label}`,
					skip,
				);
				await fakes.convertr.configure({ refuseLeadsOnce: [leads[8].email] });
				expect((await post(`e2e-retry-${label}`, { leads })).status === 200, 'webhook');
				const failed = await finished(wf.id, 'the refused delivery');
				expect(failed.status === 'error', `the refused delivery ended ${failed.status}`);
				const pattern = new RegExp(`@${domain.replace(/\./g, '\\.')}$`);
				// lead 9 and those after it already on the wire (8 at a time) when the refusal came
				const before = await leadCounts(fakes, pattern);
				expect(
					before.size >= 8 && before.size < 21 && !before.has(leads[8].email),
					`before the Retry: ${before.size} leads had arrived`,
				);
				const retried = await retry(failed.id);
				expect(retried.status === 'success', `the Retry ended ${retried.status}`);
				const after = await leadCounts(fakes, pattern);
				expect(after.size === 21, `after the Retry ${after.size} distinct leads, not 21`);
				const items = await storedItems(rest, retried.id, 'Deliver');
				expect(items.length === 21, `the Retry's output holds ${items.length} items, not 21`);
				expect(
					items.every((item, i) => item.pairedItem?.item === i),
					'the output is out of order or unpaired',
				);
				outcome[label] = {
					before: before.size,
					twice: twice(after),
					skipped: items.filter(
						(i) => i.json.skipped === true && /^already delivered/.test(i.json.reason),
					).length,
				};
			}
			expect(
				outcome.with.twice.length === 0,
				`with the option, delivered twice: ${outcome.with.twice.join(', ')}`,
			);
			expect(
				outcome.with.skipped === outcome.with.before,
				`with the option, the Retry skipped ${outcome.with.skipped} items as already delivered, not ${outcome.with.before}`,
			);
			// the check can tell: without the option n8n's Retry duplicates the leads delivered before the refusal
			expect(
				outcome.without.twice.length === outcome.without.before && outcome.without.skipped === 0,
				`without the option ${outcome.without.twice.length} leads arrived twice (${outcome.without.before} expected)`,
			);
			return `with the option: ${outcome.with.before} of 21 delivered before the refusal, skipped by the Retry, 21 leads once each; without: ${outcome.without.twice.length} leads twice`;
		},
	);

	await check(
		'Skip Already Delivered: n8n killed (SIGKILL) in the middle of 500 leads, started again, the crashed execution retried: no lead twice; each lead delivered or reported possibly delivered',
		async () => {
			const domain = 'crash.e2e.example.com';
			const pattern = /@crash\.e2e\.example\.com$/;
			const leads = Array.from({ length: 500 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
			// progress saved after each node: the crashed execution keeps the items that reached Deliver
			const wf = await deliveryWorkflow('e2e: crash mid-delivery', 'e2e-crash', true, {
				saveExecutionProgress: true,
			});
			// slow enough that the kill lands in the middle
			await fakes.convertr.configure({ latencyMs: 40 });
			expect((await post('e2e-crash', { leads })).status === 200, 'webhook');
			await waitFor(
				'150 of the 500 leads at the fake',
				async () => (await leadCounts(fakes, pattern)).size >= 150,
				120_000,
			);
			await n8n.kill();
			await sleep(500); // requests already on the wire may still land
			const atKill = (await leadCounts(fakes, pattern)).size;
			expect(atKill < 500, 'the delivery had finished before n8n was killed');
			await fakes.convertr.configure({ latencyMs: 0 });
			await n8n.restart();
			expect(await rest.signIn(), 'could not sign in after the restart');
			const crashed = await finished(wf.id, 'the crashed execution to be marked');
			expect(
				crashed.status === 'crashed' || crashed.status === 'error',
				`the killed execution is ${crashed.status}`,
			);
			const retried = await retry(crashed.id);
			expect(retried.status === 'success', `the Retry ended ${retried.status}`);
			const counts = await leadCounts(fakes, pattern);
			const items = await storedItems(rest, retried.id, 'Deliver');
			expect(items.length === 500, `the Retry's output holds ${items.length} items, not 500`);
			expect(
				items.every((item, i) => item.pairedItem?.item === i),
				'the output is out of order or unpaired',
			);
			const reason = (item) => String(item.json.reason ?? '');
			const delivered = items.filter((i) => i.json.skipped !== true);
			const already = items.filter((i) => /^already delivered/.test(reason(i)));
			const possibly = items.filter((i) => /^possibly delivered/.test(reason(i)));
			const arrivedOfPossibly = items.filter(
				(item, i) => /^possibly delivered/.test(reason(item)) && counts.has(leads[i].email),
			).length;
			expect(twice(counts).length === 0, `delivered twice: ${twice(counts).join(', ')}`);
			expect(
				delivered.length + already.length + possibly.length === 500,
				`items neither delivered nor skipped: ${500 - delivered.length - already.length - possibly.length}`,
			);
			for (const [i, item] of items.entries()) {
				const email = leads[i].email;
				if (item.json.skipped !== true || /^already delivered/.test(reason(item)))
					expect(counts.has(email), `${email} reported delivered but not at the fake`);
			}
			const missing = leads.filter(
				(lead, i) => !counts.has(lead.email) && !/^possibly delivered/.test(reason(items[i])),
			);
			expect(
				missing.length === 0,
				`lost: ${missing.length} leads neither at the fake nor reported`,
			);
			return `${atKill} leads at the fake when n8n was killed; the Retry: ${already.length} skipped as already delivered, ${delivered.length} delivered, ${possibly.length} reported possibly delivered (${arrivedOfPossibly} of them had arrived); ${counts.size} distinct leads at the fake, 0 twice`;
		},
	);
}

module.exports = { runDeliveryChecks };
