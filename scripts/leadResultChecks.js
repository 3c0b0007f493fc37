// @ts-check
// e2e checks of the Convertr Lead Result Trigger in a real n8n (an API key of that n8n, a workflow delivering leads,
// another polling their results), and of the resource locators' list searches over the editor's REST calls.
'use strict';
const {
	convertrLeadNode,
	createActive,
	executionsOf,
	noOp,
	storedItems,
	webhookNode,
	webhookPoster,
	workflowOf,
} = require('./e2eWorkflows');
const { nodeType } = require('./sandbox');
const { expect, sleep, waitFor } = require('./util');

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
	expect(
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
	expect(saved.status === 200, `could not save the credential: ${saved.status}`);
	const deliverer = await createActive(
		rest,
		workflowOf(
			`${label}: deliver, results polled`,
			[
				webhookNode('In', hookPath),
				convertrLeadNode('Deliver', credentials.convertrPublisherApi, '={{ $json.body.email }}'),
			],
			[['In', 0, 'Deliver']],
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
		expect(answer.status === 200, `delivery of ${email}: HTTP ${answer.status}`);
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

/**
 * @param {(name: string, fn: () => Promise<string | void>) => Promise<void>} check
 * @param {{ rest: any; fakes: any; n8n: { base: string }; credentials: Record<string, { id: string; name: string }>; secrets: string[] }} context
 */
async function runLeadResultChecks(check, { rest, fakes, n8n, credentials, secrets }) {
	const locatorResults = async (node, version, methodName, currentNodeParameters, credential) =>
		await rest.call('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			nodeTypeAndVersion: { name: nodeType(node), version },
			path: 'parameters.formId',
			methodName,
			currentNodeParameters,
			credentials: credential,
		});

	await check(
		'REST list searches of the resource locators: Convertr forms and links of the campaign, Kartra tags',
		async () => {
			const convertr = { convertrPublisherApi: credentials.convertrPublisherApi };
			const parameters = { resource: 'lead', operation: 'create', campaignId: '100' };
			const forms = await locatorResults(
				'convertrPublisher',
				1.1,
				'searchForms',
				parameters,
				convertr,
			);
			const formNames = (forms.data?.results ?? []).map((r) => `${r.value}:${r.name}`);
			expect(
				formNames.some((f) => f.startsWith('35:')) && formNames.some((f) => f.startsWith('23:')),
				`forms: ${JSON.stringify(forms.body).slice(0, 300)}`,
			);
			const links = await locatorResults(
				'convertrPublisher',
				1.1,
				'searchLinks',
				parameters,
				convertr,
			);
			const linkIds = (links.data?.results ?? []).map((r) => String(r.value));
			expect(linkIds.includes('25'), `links: ${JSON.stringify(links.body).slice(0, 300)}`);
			const tags = await locatorResults(
				'kartraLead',
				1.1,
				'searchTags',
				{ resource: 'tag', operation: 'assign' },
				{ kartraApi: credentials.kartraApi },
			);
			const tagNames = (tags.data?.results ?? []).map((r) => r.name);
			expect(tagNames.length > 0, `tags: ${JSON.stringify(tags.body).slice(0, 300)}`);
			return `forms ${formNames.join(', ')}; links ${linkIds.join(', ')}; tags ${tagNames.join(', ')}`;
		},
	);

	await check(
		'Convertr Lead Result Trigger: an active workflow emits the verdicts of leads another workflow delivered, each once',
		async () => {
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
			const runs = await waitFor(
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
			expect(
				JSON.stringify(got) === JSON.stringify(want),
				`verdicts: ${JSON.stringify(got)}, wanted ${JSON.stringify(want)} (${all.length} executions)`,
			);
			const invalid = items.find((i) => i.json.status === 'invalid')?.json;
			expect(
				JSON.stringify(invalid?.reasons) === JSON.stringify(['Email address is not valid']) &&
					invalid?.workflowId === deliverer.id &&
					invalid?.stillWatching === 1,
				`invalid item: ${JSON.stringify(invalid)}`,
			);
			const calls = (await fakes.convertr.detail()).leadResultCalls;
			const pendingChecks = calls.filter((id) => id === ids[2]).length;
			expect(
				pendingChecks >= 1,
				`the pending lead ${ids[2]} was not checked: ${JSON.stringify(calls)}`,
			);
			const text = JSON.stringify(items);
			expect(!secrets.some((secret) => text.includes(secret)), 'an emitted item holds a secret');
			for (const workflow of [watcher, deliverer]) {
				await rest.call('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
			}
			return `${all.length} execution(s) of the watcher, ${runs.length} at first; verdicts ${got.join(', ')}; lead-result calls ${calls.length} (the pending lead ${pendingChecks})`;
		},
	);
}

module.exports = { runLeadResultChecks, verdictsOf, watchDeliveries };
