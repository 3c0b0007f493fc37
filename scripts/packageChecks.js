// @ts-check
// The all-in-one package and the per-service packages installed in one n8n (part of the per-service e2e run): n8n
// names nodes by package, so both kinds' nodes load side by side; a credential type's name is n8n's alone, so both
// kinds list the same six types (n8n shows each twice) and one credential of a type serves the nodes of both (the
// same definition, built from this tree). A workflow moves from one kind to the other by its node types' package
// part: the same workflow, its types renamed, delivers with the same credential.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	convertrLeadNode,
	createActive,
	executionsOf,
	storedItems,
	webhookNode,
	webhookPoster,
	workflowOf,
} = require('./e2eWorkflows');
const { installPacked } = require('./n8nInstall');
const { NODE_NAMES, PACKAGE, nodeType, provision, restClient, startN8n } = require('./sandbox');
const { expect, freePort, sleep, waitFor } = require('./util');

/**
 * @param {(name: string, fn: () => Promise<string | void>) => Promise<void>} check
 * @param {{ fakes: any; outDir: string }} context
 */
async function runBothKindsCheck(check, { fakes, outDir }) {
	await check(
		'the all-in-one and the per-service packages in one n8n: both kinds of nodes load, one credential of each type serves both, and a workflow moved from one to the other by its node types delivers the same',
		async () => {
			const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-both-'));
			let n8n;
			try {
				// the all-in-one first, then (by the per-service mode this run is in) the three others beside it
				installPacked(userFolder, 'all-in-one');
				n8n = await startN8n({
					userFolder,
					port: await freePort(),
					log: path.join(outDir, 'n8n-both.log'),
					packed: true,
				});
				const rest = restClient(n8n.base);
				expect(await rest.signIn(), 'could not sign in');
				const types = await rest.call('GET', '/types/nodes.json');
				const names = new Set((Array.isArray(types.body) ? types.body : []).map((t) => t.name));
				const missing = NODE_NAMES.flatMap((node) => [`${PACKAGE}.${node}`, nodeType(node)]).filter(
					(name) => !names.has(name),
				);
				expect(missing.length === 0, `node types missing: ${missing.join(', ')}`);
				const credentialTypes = await rest.call('GET', '/types/credentials.json');
				const ours = (Array.isArray(credentialTypes.body) ? credentialTypes.body : [])
					.map((t) => t.name)
					.filter((name) => /^(convertr|kartra|convertExperiences|n8nExecutions)/.test(name));
				// each package lists its credential types: n8n shows each name twice, one definition serves both
				const counts = new Map();
				for (const name of ours) counts.set(name, (counts.get(name) ?? 0) + 1);
				expect(
					counts.size === 6 && [...counts.values()].every((n) => n === 2),
					`credential types: ${[...counts].map(([n, c]) => `${n} ×${c}`).join(', ')} (6, each twice, expected)`,
				);
				const { credentials } = await provision(rest, fakes, { examples: false });
				const deliver = (name, hookPath, type) => {
					const workflow = workflowOf(
						name,
						[
							webhookNode('In', hookPath),
							convertrLeadNode(
								'Deliver',
								credentials.convertrPublisherApi,
								'={{ $json.body.email }}',
							),
						],
						[['In', 0, 'Deliver']],
					);
					workflow.nodes[1].type = type;
					return workflow;
				};
				const post = webhookPoster(n8n.base);
				const results = [];
				for (const [kind, type] of [
					['all-in-one', `${PACKAGE}.convertrPublisher`],
					['per-service', nodeType('convertrPublisher')],
				]) {
					const hookPath = `e2e-both-${kind}`;
					const wf = await createActive(rest, deliver(`e2e: deliver (${kind})`, hookPath, type));
					await sleep(1000);
					const email = `${kind}.both@example.com`;
					expect(
						(await post(hookPath, { email })).status === 200,
						`${kind}: the webhook did not answer`,
					);
					const run = await waitFor(`the ${kind} delivery`, async () =>
						(await executionsOf(rest, wf.id)).find((e) => !['running', 'new'].includes(e.status)),
					);
					expect(run.status === 'success', `${kind}: the delivery ended ${run.status}`);
					const [item] = await storedItems(rest, run.id, 'Deliver');
					const stored = (await fakes.convertr.detail()).leads.filter(
						(l) => l.form?.email === email,
					);
					expect(stored.length === 1, `${kind}: ${stored.length} leads at the fake`);
					expect(
						String(item?.json.leadId) === String(stored[0].id),
						`${kind}: output ${JSON.stringify(item?.json)}`,
					);
					results.push(`${kind} (${type}): lead ${stored[0].id}`);
				}
				return `12 node types; 6 credential types, each listed by both kinds, one credential of each serving both; ${results.join('; ')}`;
			} finally {
				await n8n?.stop();
				fs.rmSync(userFolder, { recursive: true, force: true });
			}
		},
	);
}

module.exports = { runBothKindsCheck };
