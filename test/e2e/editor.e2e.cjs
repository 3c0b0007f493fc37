// @ts-check
// The editor in headless Chromium (Debian's package, driven with playwright-core), with the examples imported: log in,
// find the six nodes in the node panel, see the live form dropdown and field mapper, "Execute workflow" on each
// example, a workflow built from scratch run twice with Skip Already Delivered, the field mapper following the
// chosen form and the Docs link. Screenshots go to .cache/e2e/screenshots (and one of each failure).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { outDir, useN8n } = require('./n8n.cjs');
const {
	loadExamples,
	n8nDir,
	nodeType,
	openBrowser,
	signInEditor,
} = require('../../scripts/sandbox');
const { waitFor } = require('../../scripts/util');
const { executionsOf, splitOut, storedItems, workflowOf } = require('./workflows.cjs');

const shotsDir = path.join(outDir, 'screenshots');

const sandbox = useN8n({ examples: true });

/** @type {any} */
let browser;
/** @type {any} */
let page;
beforeAll(async () => {
	fs.rmSync(shotsDir, { recursive: true, force: true });
	fs.mkdirSync(shotsDir, { recursive: true });
	({ browser, page } = await openBrowser());
}, 60_000);
afterAll(async () => await browser?.close().catch(() => undefined));

const shot = async (name) => await page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
/** A test in the browser: a failure leaves a screenshot of the page as it was */
const browserTest = (name, fn) =>
	test(name, async () => {
		try {
			await fn();
		} catch (error) {
			await shot(
				`failed-${name
					.replace(/[^a-z0-9]+/gi, '-')
					.toLowerCase()
					.slice(0, 40)}`,
			).catch(() => undefined);
			throw error;
		}
	});
/** The executions of a workflow started from the editor */
const manualRuns = async (workflowId) =>
	(await executionsOf(sandbox.rest, workflowId)).filter((r) => r.mode === 'manual');
/** The nodes an execution ran */
const ranNodes = async (executionId) => {
	const { parse } = require(path.join(n8nDir(), 'node_modules', 'flatted'));
	const execution = (await sandbox.rest.call('GET', `/rest/executions/${executionId}`)).data;
	const data = typeof execution.data === 'string' ? parse(execution.data) : execution.data;
	return Object.keys(data?.resultData?.runData ?? {});
};

browserTest('editor: log in, landing on the workflow list', async () => {
	await signInEditor(page, sandbox.n8n.base);
	await page.waitForLoadState('networkidle');
	// n8n 2.41 opens its AI Assistant module at "/" when the module is on; the sandbox turns it off
	const landed = new URL(page.url()).pathname;
	assert(landed === '/home/workflows', `landed on ${landed} after signing in`);
	await shot('01-logged-in');
});

browserTest('editor: the node panel finds each of the six nodes', async () => {
	await page.goto(`${sandbox.n8n.base}/workflow/new`);
	await page.waitForLoadState('networkidle');
	for (const name of [
		'Convertr Publisher',
		'Convertr Trigger',
		'Convertr Lead Result Trigger',
		'Kartra Lead',
		'Kartra Trigger',
		'Convert Track',
	]) {
		const search = page.locator('input[data-test-id="node-creator-search-bar"]').first();
		if (!(await search.isVisible().catch(() => false))) {
			await page
				.locator('[data-test-id="canvas-plus-button"], [data-test-id="canvas-add-button"]')
				.first()
				.click();
		}
		await search.fill('');
		await search.fill(name);
		const shown = new RegExp(`^${name}$`);
		let names = [];
		await waitFor(`"${name}" in the node panel (shown: ${JSON.stringify(names)})`, async () => {
			names = (await page.locator('[data-test-id="node-creator-item-name"]').allTextContents()).map(
				(t) => t.replace(/\s+/g, ' ').trim(),
			);
			return names.some((n) => shown.test(n));
		}).catch(() => {
			throw new Error(`"${name}" not in the node panel; it shows ${JSON.stringify(names)}`);
		});
		await shot(`02-node-panel-${name.toLowerCase().replace(/\s+/g, '-')}`);
	}
});

browserTest(
	'editor: Convertr Publisher → Lead → Create shows the live form dropdown and mapped fields',
	async () => {
		const id = sandbox.workflows['01-webhook-lead-delivery.json'].id;
		await page.goto(`${sandbox.n8n.base}/workflow/${id}`);
		await page.waitForLoadState('networkidle');
		await page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: 'Deliver to Convertr' })
			.first()
			.dblclick();
		const ndv = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
		await ndv.waitFor();
		// the form dropdown, filled from the fake through the node's loadOptions, shows the form's name
		// runs in the page: the browser's document
		await page.waitForFunction(() =>
			[...globalThis.document.querySelectorAll('input')].some((i) =>
				/Acme Campaign - Simple Form/.test(i.value),
			),
		);
		// the field mapper lists the form's fields
		for (const label of ['First Name', 'Email', 'Last Name'])
			await ndv.getByText(label, { exact: true }).first().waitFor();
		await page.waitForTimeout(1500); // the mapper compares its stored fields with the live ones after loading them
		const outdated = await page.getByText(/are outdated/i).count();
		assert(outdated === 0, 'the field mapper says its fields are outdated');
		await shot('03-convertr-lead-create');
	},
);

// As the README tells a newcomer: open an example, press "Execute workflow"; last example first, to show that
// they run in any order on a sandbox where nothing ran yet from the editor.
const files = loadExamples()
	.map(({ file }) => file)
	.sort()
	.reverse();
for (const file of files) {
	browserTest(
		`editor: "Execute workflow" on example ${file} runs it with its pinned data, every node succeeding`,
		async () => {
			const id = sandbox.workflows[file].id;
			const runsBefore = await manualRuns(id);
			await page.goto(`${sandbox.n8n.base}/workflow/${id}`);
			await page.waitForLoadState('networkidle');
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			const run = await waitFor(
				`a manual execution of ${file}`,
				async () => {
					const runs = await manualRuns(id);
					return (
						runs.length > runsBefore.length &&
						runs.find(
							(r) =>
								!runsBefore.some((b) => b.id === r.id) &&
								r.status !== 'running' &&
								r.status !== 'new',
						)
					);
				},
				45_000,
			);
			await shot(`04-executed-${file.replace(/\.json$/, '')}`);
			assert(run.status === 'success', `the execution ended ${run.status}`);
			const nodes = sandbox.workflows[file].nodes
				.filter((n) => !/stickyNote/.test(n.type))
				.map((n) => n.name);
			const ran = await ranNodes(run.id);
			const missing = nodes.filter(
				(name) => !ran.includes(name) && !/^(Invalid\?|Kartra: Tag Invalid Lead)$/.test(name),
			);
			assert(missing.length === 0, `nodes that did not run: ${missing.join(', ')}`);
			if (file.startsWith('03-'))
				assert(
					ran.includes('Kartra: Tag Invalid Lead'),
					'the pinned invalid lead was not tagged in Kartra',
				);
		},
	);
}

/** The workflow as the editor would have it after adding each node at its newest version and filling it in. */
async function scratchWorkflow(rest, credentials, stamp) {
	const leads = [0, 1, 2].map((i) => ({
		firstName: `Scratch ${i}`,
		lastName: 'User',
		email: `scratch-${stamp}-${i}@example.com`,
	}));
	const convertr = {
		authentication: 'publisherApi',
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
	assert(convertr.columns.schema.length === 3, `the mapper loaded ${JSON.stringify(fields.body)}`);
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
			splitOut('leads', 'Split Out'),
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

const stamp = Date.now();
/** @type {Promise<string> | undefined} */
let scratchCreated;
/** The scratch workflow's ID, saved by the first test that needs it */
const scratchWorkflowId = async () =>
	await (scratchCreated ??= (async () => {
		const created = await sandbox.rest.call(
			'POST',
			'/rest/workflows',
			await scratchWorkflow(sandbox.rest, sandbox.credentials, stamp),
		);
		assert(created.status === 200, `could not create it: ${JSON.stringify(created.body)}`);
		return String(created.data.id);
	})());
/** Presses "Execute workflow" on the open workflow; its new manual execution, once finished */
const execute = async (/** @type {string} */ workflowId) => {
	const before = await manualRuns(workflowId);
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	return await waitFor(
		'the manual execution of the scratch workflow',
		async () =>
			(await manualRuns(workflowId)).find(
				(r) => !before.some((b) => b.id === r.id) && r.status !== 'running' && r.status !== 'new',
			),
		60_000,
	);
};

browserTest(
	'editor: a workflow built from scratch runs twice with Skip Already Delivered; the second run is green and its last node sees every lead',
	async () => {
		const workflowId = await scratchWorkflowId();
		await page.goto(`${sandbox.n8n.base}/workflow/${workflowId}`);
		await page.waitForLoadState('networkidle');
		const first = await execute(workflowId);
		assert(first.status === 'success', `the first run ended ${first.status}`);
		const second = await execute(workflowId);
		await shot('05-scratch-second-run');
		assert(second.status === 'success', `the second run ended ${second.status}`);
		const last = await storedItems(sandbox.rest, second.id, 'Convert Conversion');
		assert(last.length === 3, `the last node saw ${last.length} items`);
		const emails = last.map((i) => i.json.visitorId);
		for (let i = 0; i < 3; i++)
			assert(
				emails[i] === `scratch-${stamp}-${i}@example.com`,
				`item ${i} of the last node: ${JSON.stringify(last[i]?.json)}`,
			);
		assert(
			last.every((i) => i.json.skipped === true && i.json.reason === 'already delivered'),
			`the second run sent again: ${JSON.stringify(last.map((i) => i.json.reason))}`,
		);
	},
);

browserTest(
	'editor: the Convertr field mapper follows the form chosen from the list; the Docs link opens the node section',
	async () => {
		const workflowId = await scratchWorkflowId();
		await page.goto(`${sandbox.n8n.base}/workflow/${workflowId}`);
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
		assert(href.endsWith('#convertr-publisher'), `the Docs link is ${href}`);
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
