// @ts-check
// A workflow a new user builds from scratch (part of `npm run test:e2e`, in the editor): Manual Trigger → Edit Fields
// with three leads → Split Out → Convertr Lead → Create (Map Automatically) → Kartra Create or Update with a tag →
// Convert Track Conversion, "Skip Already Delivered" on in all three, each node reading the one before it. Run twice
// from the editor: the second run is green, and its last node sees every lead. Then, in the same editor, the
// Convertr field mapper follows the form chosen from the list, and the node's Docs link opens its README section.
'use strict';
const { storedItems, workflowOf } = require('./e2eWorkflows');
const { nodeType } = require('./sandbox');
const { expect, waitFor } = require('./util');

/** The workflow as the editor would have it after adding each node at its newest version and filling it in. */
async function scratchWorkflow(rest, credentials, stamp) {
	const leads = [0, 1, 2].map((i) => ({
		firstName: `Scratch ${i}`,
		lastName: 'User',
		email: `scratch-${stamp}-${i}@example.com`,
	}));
	const convertr = {
		resource: 'lead',
		operation: 'create',
		campaignId: '100',
		formId: {
			__rl: true,
			mode: 'list',
			value: '35',
			cachedResultName: 'Acme Campaign - Simple Form (35)',
		},
		linkId: { __rl: true, mode: 'list', value: '' },
		columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
		skipDelivered: true,
	};
	// the mapper's fields as the editor loads them when the form is chosen
	const fields = await rest.call('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
		nodeTypeAndVersion: { name: nodeType('convertrPublisher'), version: 1.2 },
		path: 'parameters.columns',
		currentNodeParameters: convertr,
		methodName: 'getFormFields',
		credentials: { convertrPublisherApi: credentials.convertrPublisherApi },
	});
	convertr.columns.schema = fields.data?.fields ?? [];
	expect(convertr.columns.schema.length === 3, `the mapper loaded ${JSON.stringify(fields.body)}`);
	return workflowOf(
		`Scratch ${stamp}`,
		[
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
			{
				name: 'Edit Fields',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ leads }), options: {} },
			},
			{
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				parameters: { fieldToSplitOut: 'leads', options: {} },
			},
			{
				name: 'Convertr Lead',
				type: nodeType('convertrPublisher'),
				typeVersion: 1.2,
				credentials: { convertrPublisherApi: credentials.convertrPublisherApi },
				parameters: convertr,
			},
			{
				name: 'Kartra Lead',
				type: nodeType('kartraLead'),
				typeVersion: 1.2,
				credentials: { kartraApi: credentials.kartraApi },
				parameters: {
					resource: 'lead',
					operation: 'upsert',
					// what the user wrote on the first run, reading Convertr's output
					email: '={{ $json.fields.email }}',
					alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'VIP' }] },
					skipDelivered: true,
				},
			},
			{
				name: 'Convert Conversion',
				type: nodeType('convertTrack'),
				typeVersion: 1.2,
				credentials: { convertExperiencesApi: credentials.convertExperiencesApi },
				parameters: {
					resource: 'event',
					operation: 'trackConversion',
					visitorId: '={{ $json.email }}',
					goalId: '100301',
					skipDelivered: true,
				},
			},
		],
		[
			['Start', 0, 'Edit Fields'],
			['Edit Fields', 0, 'Split Out'],
			['Split Out', 0, 'Convertr Lead'],
			['Convertr Lead', 0, 'Kartra Lead'],
			['Kartra Lead', 0, 'Convert Conversion'],
		],
	);
}

/**
 * @param {(name: string, fn: () => Promise<void>) => Promise<void>} browserCheck
 * @param {{ page: any; n8n: { base: string }; rest: any; credentials: any; manualRuns: (id: string) => Promise<any[]>; shot: (name: string) => Promise<unknown> }} env
 */
async function runScratchChecks(browserCheck, { page, n8n, rest, credentials, manualRuns, shot }) {
	const stamp = Date.now();
	/** @type {string | undefined} */
	let workflowId;
	const execute = async () => {
		const before = await manualRuns(String(workflowId));
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		return await waitFor(
			'the manual execution of the scratch workflow',
			async () =>
				(await manualRuns(String(workflowId))).find(
					(r) => !before.some((b) => b.id === r.id) && r.status !== 'running' && r.status !== 'new',
				),
			60_000,
		);
	};

	await browserCheck(
		'editor: a workflow built from scratch runs twice with Skip Already Delivered; the second run is green and its last node sees every lead',
		async () => {
			const created = await rest.call(
				'POST',
				'/rest/workflows',
				await scratchWorkflow(rest, credentials, stamp),
			);
			expect(created.status === 200, `could not create it: ${JSON.stringify(created.body)}`);
			workflowId = created.data.id;
			await page.goto(`${n8n.base}/workflow/${workflowId}`);
			await page.waitForLoadState('networkidle');
			const first = await execute();
			expect(first.status === 'success', `the first run ended ${first.status}`);
			const second = await execute();
			await shot('05-scratch-second-run');
			expect(second.status === 'success', `the second run ended ${second.status}`);
			const last = await storedItems(rest, second.id, 'Convert Conversion');
			expect(last.length === 3, `the last node saw ${last.length} items`);
			const emails = last.map((i) => i.json.visitorId);
			for (let i = 0; i < 3; i++)
				expect(
					emails[i] === `scratch-${stamp}-${i}@example.com`,
					`item ${i} of the last node: ${JSON.stringify(last[i]?.json)}`,
				);
			expect(
				last.every((i) => i.json.skipped === true && i.json.reason === 'already delivered'),
				`the second run sent again: ${JSON.stringify(last.map((i) => i.json.reason))}`,
			);
		},
	);

	await browserCheck(
		'editor: the Convertr field mapper follows the form chosen from the list; the Docs link opens the node section',
		async () => {
			expect(workflowId !== undefined, 'the scratch workflow was not created');
			await page.goto(`${n8n.base}/workflow/${workflowId}`);
			await page.waitForLoadState('networkidle');
			await page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: 'Convertr Lead' })
				.first()
				.dblclick();
			const ndv = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
			await ndv.waitFor();
			const docs = ndv.locator('a[href*="n8n-nodes-convertr-kartra-convert"]').first();
			const href = String(await docs.getAttribute('href'));
			expect(href.endsWith('#convertr-publisher'), `the Docs link is ${href}`);
			const notice = ndv.locator('[data-test-id="empty-fields-notice"]');
			const chooseForm = async (name) => {
				await ndv
					.locator('[data-test-id="parameter-input-formId"] [data-test-id="rlc-input"]')
					.click();
				await page.locator('[data-test-id="rlc-item"]').filter({ hasText: name }).first().click();
			};
			await chooseForm('Advanced Form (23)');
			await waitFor('the Advanced Form fields in Map Automatically', async () =>
				/form\[promotion\]/.test((await notice.textContent().catch(() => '')) ?? ''),
			);
			await shot('06-scratch-mapper-advanced');
			await chooseForm('Simple Form (35)');
			await waitFor('the Simple Form fields in Map Automatically', async () => {
				const text = (await notice.textContent().catch(() => '')) ?? '';
				return /form\[lastName\]/.test(text) && !/form\[promotion\]/.test(text);
			});
		},
	);
}

module.exports = { runScratchChecks };
