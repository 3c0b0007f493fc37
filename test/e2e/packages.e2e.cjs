// @ts-check
// The all-in-one package and the per-service packages installed in one n8n: n8n names nodes by package, so both
// kinds' nodes load side by side; a credential type's name is n8n's alone, so both kinds list the same six types (n8n
// shows each twice) and one credential of a type serves the nodes of both (the same definition, built from this
// tree). A workflow moves from one kind to the other by its node types' package part.
'use strict';
const assert = require('node:assert/strict');

const { useN8n } = require('./n8n.cjs');
const { NODE_NAMES, PACKAGE, nodeType } = require('../../scripts/sandbox');
const { sleep } = require('../../scripts/util');
const {
	createActive,
	deliveringWorkflow,
	finishedRun,
	storedItems,
	webhookPoster,
} = require('./workflows.cjs');

const sandbox = useN8n({ bothKinds: true });

test("both kinds of nodes load side by side: each node under the all-in-one package's name and under its service package's", async () => {
	const types = await sandbox.rest.call('GET', '/types/nodes.json');
	const names = new Set((Array.isArray(types.body) ? types.body : []).map((t) => t.name));
	const missing = NODE_NAMES.flatMap((node) => [`${PACKAGE}.${node}`, nodeType(node)]).filter(
		(name) => !names.has(name),
	);
	assert(missing.length === 0, `node types missing: ${missing.join(', ')}`);
});

test('both kinds list the same seven credential types (n8n shows each twice)', async () => {
	const credentialTypes = await sandbox.rest.call('GET', '/types/credentials.json');
	const ours = (Array.isArray(credentialTypes.body) ? credentialTypes.body : [])
		.map((t) => t.name)
		.filter((name) => /^(convertr|kartra|convertExperiences|n8nExecutions)/.test(name));
	const counts = new Map();
	for (const name of ours) counts.set(name, (counts.get(name) ?? 0) + 1);
	assert(
		counts.size === 7 && [...counts.values()].every((n) => n === 2),
		`credential types: ${[...counts].map(([n, c]) => `${n} ×${c}`).join(', ')} (7, each twice, expected)`,
	);
});

for (const [kind, type] of [
	['all-in-one', `${PACKAGE}.convertrPublisher`],
	['per-service', `n8n-nodes-convertr.convertrPublisher`],
]) {
	test(`one Convertr credential serves the ${kind} package's node: the same workflow, its node type ${type}, delivers`, async () => {
		const { rest, fakes, credentials } = sandbox;
		const hookPath = `e2e-both-${kind}`;
		const workflow = deliveringWorkflow(
			`e2e: deliver (${kind})`,
			hookPath,
			credentials.convertrPublisherApi,
		);
		workflow.nodes[1].type = type;
		const wf = await createActive(rest, workflow);
		await sleep(1000);
		const email = `${kind}.both@example.com`;
		const answer = await webhookPoster(sandbox.n8n.base)(hookPath, { email });
		assert(answer.status === 200, `the webhook answered ${answer.status}`);
		const run = await finishedRun(rest, wf.id, `the ${kind} delivery`);
		assert(run.status === 'success', `the delivery ended ${run.status}`);
		const [item] = await storedItems(rest, run.id, 'Deliver');
		const stored = (await fakes.convertr.detail()).leads.filter((l) => l.form?.email === email);
		assert(stored.length === 1, `${stored.length} leads at the fake`);
		assert(
			String(item?.json.leadId) === String(stored[0].id),
			`output ${JSON.stringify(item?.json)}`,
		);
	});
}
