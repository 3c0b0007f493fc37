// @ts-check
// "Skip Already Delivered" in a real n8n: a Convertr delivery refused part-way, then n8n's own Retry of the failed
// execution (its REST endpoint, as the editor's button calls it); and n8n killed by SIGKILL in the middle of a
// 500-lead delivery, started again, and the crashed execution retried. The fake counts what arrived; the retry's
// output says, per item, what became of it. Part of the compatibility matrix's run on each older n8n.
'use strict';
const assert = require('node:assert/strict');

const { useN8n } = require('./n8n.cjs');
const { sleep, waitFor } = require('../../scripts/util');
const {
	convertrLeadNode,
	createActive,
	finishedRun,
	splitOut,
	storedItems,
	webhookNode,
	webhookPoster,
	workflowOf,
} = require('./workflows.cjs');

const sandbox = useN8n();

/** Each email's count at the Convertr fake, for the emails that match `pattern`. */
async function leadCounts(pattern) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const lead of (await sandbox.fakes.convertr.detail()).leads) {
		const email = String(lead.form?.email ?? '');
		if (pattern.test(email)) counts.set(email, (counts.get(email) ?? 0) + 1);
	}
	return counts;
}

const twice = (counts) => [...counts].filter(([, n]) => n > 1).map(([email]) => email);
const post = async (hookPath, body) => await webhookPoster(sandbox.n8n.base)(hookPath, body);
/** n8n's Retry of a failed execution, as the editor's button calls it; the retried execution */
const retry = async (executionId) => {
	const answer = await sandbox.rest.call('POST', `/rest/executions/${executionId}/retry`, {
		loadWorkflow: false,
	});
	assert(
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
			splitOut('body.leads'),
			convertrLeadNode('Deliver', sandbox.credentials.convertrPublisherApi, '={{ $json.email }}'),
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
	const created = await createActive(sandbox.rest, workflow);
	await sleep(1000); // the webhook registers just after activation
	return created;
};

/**
 * 21 leads to Convertr, the 9th refused with a 403 (those after it already on the wire, 8 at a time), then n8n's
 * Retry of the failed execution: how many leads had arrived before the Retry, which arrived twice, and how many
 * items the Retry's output says were skipped as already delivered.
 * @param {'with' | 'without'} label @param {boolean} skip Skip Already Delivered
 */
async function refusedThenRetried(label, skip) {
	const { rest, fakes } = sandbox;
	const domain = `${label}-option.e2e.example.com`;
	const leads = Array.from({ length: 21 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
	const wf = await deliveryWorkflow(
		`e2e: retry ${label} Skip Already Delivered`,
		`e2e-retry-${label}`,
		skip,
	);
	await fakes.convertr.configure({ refuseLeadsOnce: [leads[8].email] });
	assert((await post(`e2e-retry-${label}`, { leads })).status === 200, 'webhook');
	const failed = await finishedRun(rest, wf.id, 'the refused delivery');
	assert(failed.status === 'error', `the refused delivery ended ${failed.status}`);
	const pattern = new RegExp(`@${domain.replace(/\./g, '\\.')}$`);
	const before = await leadCounts(pattern);
	assert(
		before.size >= 8 && before.size < 21 && !before.has(leads[8].email),
		`before the Retry: ${before.size} leads had arrived`,
	);
	const retried = await retry(failed.id);
	assert(retried.status === 'success', `the Retry ended ${retried.status}`);
	const after = await leadCounts(pattern);
	assert(after.size === 21, `after the Retry ${after.size} distinct leads, not 21`);
	const items = await storedItems(rest, retried.id, 'Deliver');
	assert(items.length === 21, `the Retry's output holds ${items.length} items, not 21`);
	assert(
		items.every((item, i) => item.pairedItem?.item === i),
		'the output is out of order or unpaired',
	);
	return {
		before: before.size,
		twice: twice(after),
		skipped: items.filter(
			(i) => i.json.skipped === true && /^already delivered/.test(i.json.reason),
		).length,
	};
}

test("Skip Already Delivered: a delivery refused part-way (403 on lead 9 of 21), then n8n's Retry: each lead reaches Convertr once, those delivered before skipped", async () => {
	const outcome = await refusedThenRetried('with', true);
	assert(outcome.twice.length === 0, `delivered twice: ${outcome.twice.join(', ')}`);
	assert(
		outcome.skipped === outcome.before,
		`the Retry skipped ${outcome.skipped} items as already delivered, not ${outcome.before}`,
	);
});

test("without Skip Already Delivered, n8n's Retry of a delivery refused part-way sends the leads delivered before it again (what the option prevents)", async () => {
	const outcome = await refusedThenRetried('without', false);
	assert(
		outcome.twice.length === outcome.before && outcome.skipped === 0,
		`${outcome.twice.length} leads arrived twice (${outcome.before} expected)`,
	);
});

test('Skip Already Delivered: n8n killed (SIGKILL) in the middle of 500 leads, started again, the crashed execution retried: no lead twice; each lead delivered or reported possibly delivered', async () => {
	const { rest, fakes } = sandbox;
	const domain = 'crash.e2e.example.com';
	const pattern = /@crash\.e2e\.example\.com$/;
	const leads = Array.from({ length: 500 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
	// progress saved after each node: the crashed execution keeps the items that reached Deliver
	const wf = await deliveryWorkflow('e2e: crash mid-delivery', 'e2e-crash', true, {
		saveExecutionProgress: true,
	});
	// slow enough that the kill lands in the middle
	await fakes.convertr.configure({ latencyMs: 40 });
	assert((await post('e2e-crash', { leads })).status === 200, 'webhook');
	await waitFor(
		'150 of the 500 leads at the fake',
		async () => (await leadCounts(pattern)).size >= 150,
		120_000,
	);
	await sandbox.kill();
	await sleep(500); // requests already on the wire may still land
	const atKill = (await leadCounts(pattern)).size;
	assert(atKill < 500, 'the delivery had finished before n8n was killed');
	await fakes.convertr.configure({ latencyMs: 0 });
	await sandbox.restart();
	assert(await rest.signIn(), 'could not sign in after the restart');
	const crashed = await finishedRun(rest, wf.id, 'the crashed execution to be marked');
	assert(
		crashed.status === 'crashed' || crashed.status === 'error',
		`the killed execution is ${crashed.status}`,
	);
	const retried = await retry(crashed.id);
	assert(retried.status === 'success', `the Retry ended ${retried.status}`);
	const counts = await leadCounts(pattern);
	const items = await storedItems(rest, retried.id, 'Deliver');
	assert(items.length === 500, `the Retry's output holds ${items.length} items, not 500`);
	assert(
		items.every((item, i) => item.pairedItem?.item === i),
		'the output is out of order or unpaired',
	);
	const reason = (item) => String(item.json.reason ?? '');
	const delivered = items.filter((i) => i.json.skipped !== true);
	const already = items.filter((i) => /^already delivered/.test(reason(i)));
	const possibly = items.filter((i) => /^possibly delivered/.test(reason(i)));
	assert(twice(counts).length === 0, `delivered twice: ${twice(counts).join(', ')}`);
	assert(
		delivered.length + already.length + possibly.length === 500,
		`items neither delivered nor skipped: ${500 - delivered.length - already.length - possibly.length}`,
	);
	for (const [i, item] of items.entries()) {
		const email = leads[i].email;
		if (item.json.skipped !== true || /^already delivered/.test(reason(item)))
			assert(counts.has(email), `${email} reported delivered but not at the fake`);
	}
	const missing = leads.filter(
		(lead, i) => !counts.has(lead.email) && !/^possibly delivered/.test(reason(items[i])),
	);
	assert(missing.length === 0, `lost: ${missing.length} leads neither at the fake nor reported`);
}, 300_000);
