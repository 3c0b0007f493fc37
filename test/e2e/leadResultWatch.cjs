// @ts-check
// What the Lead Result Trigger specs (leadResults, durablePoller) set up in their n8n and read back from it.
'use strict';
const assert = require('node:assert/strict');

const { nodeType } = require('../../scripts/sandbox');
const { sleep } = require('../../scripts/util');
const {
	createActive,
	deliveringWorkflow,
	executionsOf,
	noOp,
	storedItems,
	webhookPoster,
	workflowOf,
} = require('./workflows.cjs');

/**
 * What a Lead Result Trigger check sets up in an n8n: an API key of that n8n and a credential with it, a workflow
 * delivering the lead a webhook names to Convertr, another watching its executions with the trigger (every minute,
 * the first poll taking the deliveries before it); then delivers `emails`, one call each.
 * @param {any} rest
 * @param {{ n8n: { base: string }; credentials: Record<string, { id: string; name: string }>; secrets: string[]; label: string; hookPath: string; emails: string[] }} options
 */
async function watchDeliveries(rest, { n8n, credentials, secrets, label, hookPath, emails }) {
	const key = await rest.call('POST', '/rest/api-keys', {
		label: `${label} lead results`,
		scopes: ['execution:list', 'execution:read'],
		expiresAt: null,
	});
	const apiKey = key.data?.rawApiKey;
	assert(
		typeof apiKey === 'string',
		`no API key: ${key.status} ${JSON.stringify(key.body).slice(0, 200)}`,
	);
	secrets.push(apiKey);
	const historyName = `Execution history (${label})`;
	const saved = await rest.call('POST', '/rest/credentials', {
		name: historyName,
		type: 'n8nExecutionsApi',
		data: { apiKey, baseUrl: `${n8n.base}/api/v1` },
	});
	assert(saved.status === 200, `could not save the credential: ${saved.status}`);
	const deliverer = await createActive(
		rest,
		deliveringWorkflow(
			`${label}: deliver, results polled`,
			hookPath,
			credentials.convertrPublisherApi,
		),
	);
	const watcher = await createActive(
		rest,
		workflowOf(
			`${label}: lead results`,
			[
				{
					name: 'Lead Results',
					type: nodeType('convertrLeadResultTrigger'),
					credentials: {
						convertrPublisherApi: credentials.convertrPublisherApi,
						n8nExecutionsApi: { id: saved.data.id, name: historyName },
					},
					parameters: {
						// n8n's shortest interval; the first poll also takes the deliveries made before it
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						workflowIds: deliverer.id,
						options: { includeRecentHours: 1 },
					},
				},
				noOp('Then'),
			],
			[['Lead Results', 0, 'Then']],
		),
	);
	await sleep(1500); // webhooks register just after activation
	const post = webhookPoster(n8n.base);
	for (const email of emails) {
		const answer = await post(hookPath, { email });
		assert(answer.status === 200, `delivery of ${email}: HTTP ${answer.status}`);
	}
	return { deliverer, watcher };
}

/**
 * What a Lead Result Trigger's workflow emitted so far: its executions, their items, and each verdict as
 * `<leadId>:<status>`, sorted.
 * @param {any} rest
 * @param {string} watcherId
 */
async function verdictsOf(rest, watcherId) {
	const runs = await executionsOf(rest, watcherId);
	const items = [];
	for (const run of runs) items.push(...(await storedItems(rest, run.id, 'Lead Results')));
	const got = items.map((i) => `${i.json.leadId}:${i.json.status}`).sort();
	return { runs, items, got };
}

module.exports = { verdictsOf, watchDeliveries };
