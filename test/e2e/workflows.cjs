// @ts-check
// Workflows the e2e specs build through n8n's REST API, and what n8n stored of their executions.
'use strict';
const path = require('node:path');

const { activateWorkflow, n8nDir, nodeType } = require('../../scripts/sandbox');
const { waitFor } = require('../../scripts/util');

/** The items n8n stored on one output of one node of an execution (its run data is kept in the `flatted` format). */
async function storedItems(rest, executionId, nodeName, output = 0) {
	const { parse } = require(path.join(n8nDir(), 'node_modules', 'flatted'));
	const execution = (await rest.call('GET', `/rest/executions/${executionId}`)).data;
	const data = typeof execution.data === 'string' ? parse(execution.data) : execution.data;
	return data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[output] ?? [];
}

function workflowOf(name, nodes, links) {
	const connections = {};
	for (const [from, output, to] of links) {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	}
	return {
		name,
		// n8n 1.x needs it given; 2.x activates by its own route and ignores it
		active: false,
		nodes: nodes.map((node, i) => ({
			id: `e2e-${i}`,
			typeVersion: 1,
			position: [i * 220, 0],
			parameters: {},
			...node,
		})),
		connections,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}

async function createActive(rest, workflow) {
	const created = await rest.call('POST', '/rest/workflows', workflow);
	if (created.status !== 200)
		throw new Error(
			`could not create ${workflow.name}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`,
		);
	const answer = await activateWorkflow(rest, created.data);
	if (answer.status !== 200)
		throw new Error(
			`could not activate ${workflow.name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
		);
	return created.data;
}

const webhookNode = (name, hookPath, responseMode = 'lastNode') => ({
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `e2e-${hookPath}`,
	parameters: { httpMethod: 'POST', path: hookPath, responseMode, options: {} },
});

const convertrLeadNode = (name, credential, emailExpression, extra = {}) => ({
	name,
	type: nodeType('convertrPublisher'),
	credentials: { convertrPublisherApi: credential },
	parameters: {
		resource: 'lead',
		operation: 'create',
		campaignId: '100',
		formId: '35',
		linkId: '',
		columns: {
			mappingMode: 'defineBelow',
			value: { firstName: 'E2E', email: emailExpression },
			matchingColumns: [],
			schema: ['firstName', 'email'].map((id) => ({
				id,
				displayName: id === 'email' ? 'Email' : 'First Name',
				required: false,
				defaultMatch: false,
				display: true,
				type: 'string',
				canBeUsedToMatch: false,
			})),
			attemptToConvertTypes: false,
			convertFieldsToString: true,
		},
		options: {},
	},
	...extra,
});

const noOp = (name) => ({ name, type: 'n8n-nodes-base.noOp' });

/** n8n's Split Out of `field` (`body.leads` for a webhook's JSON list) */
const splitOut = (field, name = 'Split') => ({
	name,
	type: 'n8n-nodes-base.splitOut',
	parameters: { fieldToSplitOut: field, options: {} },
});

/** webhook `hookPath` (answering with the last node's output) → Convertr Lead → Create ("Deliver") with `credential`, the e-mail from the body */
const deliveringWorkflow = (name, hookPath, credential) =>
	workflowOf(
		name,
		[
			webhookNode('In', hookPath),
			convertrLeadNode('Deliver', credential, '={{ $json.body.email }}'),
		],
		[['In', 0, 'Deliver']],
	);

/** POSTs JSON to one of n8n's production webhooks. */
function webhookPoster(base) {
	return async (hookPath, body) =>
		await fetch(`${base}/webhook/${hookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
}

/** A workflow's executions, newest first (n8n's list: id, status, startedAt, stoppedAt …). */
async function executionsOf(rest, workflowId, limit = 20) {
	return (
		(
			await rest.call(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=${limit}`,
			)
		).data?.results ?? []
	);
}

/**
 * The newest execution of a workflow not in `before` (IDs), once it has finished.
 * @param {any} rest @param {string} workflowId @param {string} what @param {Set<string>} [before] @param {number} [timeoutMs]
 */
async function finishedRun(rest, workflowId, what, before = new Set(), timeoutMs = 60_000) {
	return await waitFor(
		what,
		async () =>
			(await executionsOf(rest, workflowId)).find(
				(e) => !before.has(e.id) && !['running', 'new', 'waiting'].includes(e.status),
			),
		timeoutMs,
	);
}

/**
 * The secrets that n8n stored anywhere in the executions given (or in its last 100), as "execution <id> (<workflow>)
 * holds N secret(s)" lines: a secret may be stored as is or URL-encoded.
 * @param {any} rest @param {string[]} secrets @param {Array<{ id: string; workflowName?: string }>} [executions]
 */
async function secretsStored(rest, secrets, executions) {
	const list =
		executions ?? (await rest.call('GET', '/rest/executions?limit=100')).data?.results ?? [];
	const found = [];
	for (const e of list) {
		const text = JSON.stringify((await rest.call('GET', `/rest/executions/${e.id}`)).body);
		const leaked = secrets.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
		if (leaked.length > 0)
			found.push(`execution ${e.id} (${e.workflowName}) holds ${leaked.length} secret(s)`);
	}
	return found;
}

module.exports = {
	executionsOf,
	finishedRun,
	secretsStored,
	webhookPoster,
	convertrLeadNode,
	createActive,
	deliveringWorkflow,
	noOp,
	splitOut,
	storedItems,
	webhookNode,
	workflowOf,
};
