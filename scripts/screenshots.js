#!/usr/bin/env node
// @ts-check
// npm run screenshots: the README's pictures, taken in a real n8n as the e2e run sets it up (the package installed
// from its `npm pack` tarball, the fakes, the examples imported) with headless Chromium: each node's panel with its
// live lists loaded from the fakes, and examples after "Execute workflow". Writes docs/images/*.png (committed);
// everything it starts, it stops by PID. Exits 1 if a picture could not be taken.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	nodeType,
	compileFakes,
	openBrowser,
	provision,
	restClient,
	signInEditor,
	startFakes,
	startN8n,
} = require('./sandbox');
const { freePort, messageOf, say, sleep, waitFor } = require('./util');

const root = path.resolve(__dirname, '..');
const imagesDir = path.join(root, 'docs', 'images');

async function main() {
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	compileFakes();
	fs.mkdirSync(imagesDir, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-shots-'));
	let fakes;
	let n8n;
	let browser;
	const failed = [];
	try {
		fakes = await startFakes();
		n8n = await startN8n({
			userFolder,
			port: await freePort(),
			log: path.join(root, '.cache', 'screenshots-n8n.log'),
			packed: true,
		});
		const rest = restClient(n8n.base);
		if (!(await rest.signIn())) throw new Error('could not sign in to the new n8n');
		const { credentials, workflows } = await provision(rest, fakes);
		const resultTrigger = await leadResultWorkflow(rest, n8n.base, credentials);

		let page;
		({ browser, page } = await openBrowser());
		await signInEditor(page, n8n.base);

		const picture = async (name, take) => {
			try {
				await take();
				await page.screenshot({ path: path.join(imagesDir, `${name}.png`) });
				say(`screenshots: docs/images/${name}.png`);
			} catch (error) {
				failed.push(name);
				say(`screenshots: FAILED ${name}: ${messageOf(error)}`);
			}
		};
		/** Opens a workflow and the panel of one of its nodes; resolves once `shows` (texts) are on screen. */
		const openNode = async (workflowId, nodeName, shows) => {
			await page.goto(`${n8n.base}/workflow/${workflowId}`);
			await page.waitForLoadState('networkidle');
			await page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: nodeName })
				.first()
				.dblclick();
			const ndv = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
			await ndv.waitFor();
			for (const text of shows) await ndv.getByText(text, { exact: false }).first().waitFor();
			await sleep(800); // the panel's lists settle
			return ndv;
		};
		const executed = async (workflowId) => {
			await page.goto(`${n8n.base}/workflow/${workflowId}`);
			await page.waitForLoadState('networkidle');
			const before = await manualRuns(rest, workflowId);
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await waitFor(
				'the manual execution',
				async () => {
					const runs = await manualRuns(rest, workflowId);
					return runs.find(
						(r) => !before.some((b) => b.id === r.id) && !['running', 'new'].includes(r.status),
					);
				},
				45_000,
			);
			await sleep(1000);
		};
		const id = (file) => workflows[file].id;

		await picture('convertr-publisher', async () => {
			await openNode(id('01-webhook-lead-delivery.json'), 'Deliver to Convertr', [
				'First Name',
				'Email',
			]);
			await page.waitForFunction(() =>
				[...globalThis.document.querySelectorAll('input')].some((i) =>
					/Acme Campaign - Simple Form/.test(i.value),
				),
			);
		});
		await picture('convertr-publisher-forms-list', async () => {
			const ndv = await openNode(id('01-webhook-lead-delivery.json'), 'Deliver to Convertr', [
				'Email',
			]);
			// the form dropdown, opened: the campaign's forms, loaded from the fake
			await ndv.locator('[data-test-id="parameter-input-formId"]').first().click();
			await page
				.getByRole('option', { name: /Acme Campaign - Advanced Form/ })
				.first()
				.waitFor();
		});
		await picture('convertr-publisher-executed', async () => {
			await executed(id('01-webhook-lead-delivery.json'));
		});
		await picture('convertr-trigger', async () => {
			await openNode(id('03-convertr-invalid-to-kartra-tag.json'), 'Convertr Trigger', [
				'Secret Location',
			]);
		});
		await picture('convertr-lead-result-trigger', async () => {
			await openNode(resultTrigger.id, 'Lead Results', ['Workflow IDs', 'Stop Watching After']);
		});
		await picture('kartra-lead', async () => {
			await openNode(id('03-convertr-invalid-to-kartra-tag.json'), 'Kartra: Tag Invalid Lead', [
				'Tag Name or ID',
			]);
		});
		await picture('kartra-lead-tags-list', async () => {
			const ndv = await openNode(
				id('03-convertr-invalid-to-kartra-tag.json'),
				'Kartra: Tag Invalid Lead',
				['Tag Name or ID'],
			);
			// the tag dropdown, opened: the account's tags, loaded from the fake
			await ndv.locator('[data-test-id="parameter-input-tagName"]').first().click();
			await page
				.getByRole('option', { name: /Buyer & Co/ })
				.first()
				.waitFor();
		});
		await picture('kartra-trigger', async () => {
			await openNode(id('04-kartra-purchase-to-convert.json'), 'Kartra Trigger', ['Events']);
		});
		await picture('convert-track', async () => {
			await openNode(id('04-kartra-purchase-to-convert.json'), 'Convert: Purchase', ['Goal']);
		});
		await picture('convert-track-executed', async () => {
			await executed(id('05-convert-bucket-visitors.json'));
		});
		await picture('example-convertr-invalid-to-kartra-executed', async () => {
			await executed(id('03-convertr-invalid-to-kartra-tag.json'));
		});
	} catch (error) {
		failed.push('setup');
		say(`screenshots: FAILED setup: ${error instanceof Error ? error.stack : String(error)}`);
	} finally {
		await browser?.close().catch(() => undefined);
		await Promise.all([n8n?.stop(), fakes?.stop()]);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	say(
		`screenshots: ${failed.length ? `${failed.length} failed (${failed.join(', ')})` : 'all taken'}`,
	);
	process.exit(failed.length ? 1 : 0);
}

async function manualRuns(rest, workflowId) {
	const runs =
		(
			await rest.call(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
			)
		).data?.results ?? [];
	return runs.filter((r) => r.mode === 'manual');
}

/** A saved (not active) workflow with the Convertr Lead Result Trigger, its credentials made over REST. */
async function leadResultWorkflow(rest, base, credentials) {
	const key = await rest.call('POST', '/rest/api-keys', {
		label: 'screenshots',
		scopes: ['execution:list', 'execution:read'],
		expiresAt: null,
	});
	const saved = await rest.call('POST', '/rest/credentials', {
		name: 'Execution History (sandbox)',
		type: 'n8nExecutionsApi',
		data: { apiKey: key.data?.rawApiKey, baseUrl: `${base}/api/v1` },
	});
	if (saved.status !== 200) throw new Error(`could not save the credential: ${saved.status}`);
	const created = await rest.call('POST', '/rest/workflows', {
		name: 'Lead results (screenshot)',
		nodes: [
			{
				id: 'shot-0',
				name: 'Lead Results',
				type: nodeType('convertrLeadResultTrigger'),
				typeVersion: 1,
				position: [0, 0],
				credentials: {
					convertrPublisherApi: credentials.convertrPublisherApi,
					n8nExecutionsApi: { id: saved.data.id, name: 'Execution History (sandbox)' },
				},
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, stopAfterDays: 7 },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	if (created.status !== 200) throw new Error(`could not create the workflow: ${created.status}`);
	return created.data;
}

main();
