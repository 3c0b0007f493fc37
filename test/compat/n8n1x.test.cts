// What a user of n8n 1.123 gets when an API refuses or fails: n8n 1.x's request helper hands the node a NodeApiError
// without the axios error inside (see harness/n8n1x.cts). The node must read the same status, reason and retry
// decision from it as on 2.x.
import axios from 'axios';
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError as NodeApiError1x } from 'n8n-workflow-1x';

import { neverReachedServer, readHttpFailure } from '../../credentials/common/httpFailure';
import { startConvertrFake } from '../fakes/convertr.cjs';
import type { RecordedRequest } from '../fakes/httpServer.cjs';
import { convertNode, convertSetup, conversion, visitors } from '../harness/convert.cjs';
import { convertrSetup, emailsOf, publisherNode, simpleMapping } from '../harness/convertr.cjs';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';
import { onN8n1x } from '../harness/n8n1x.cjs';

const publisher1x = onN8n1x(publisherNode);
const kartra1x = onN8n1x(kartraNode);
const convert1x = onN8n1x(convertNode);

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
});

async function convertr() {
	const setup = await convertrSetup();
	stops.push(() => setup.fake.stop());
	return setup;
}

const post = (email: string) => (r: RecordedRequest) =>
	r.method === 'POST' && r.rawBody.includes(encodeURIComponent(email));

/** Lead → Create on n8n 1.x for `count` leads (the simple mapping, with `parameters` over it) */
const deliver = async (
	setup: Awaited<ReturnType<typeof convertr>>,
	count: number,
	parameters: Record<string, unknown> = {},
) =>
	await setup.harness.run({
		nodeType: publisher1x,
		parameters: { ...simpleMapping, ...parameters },
		items: emailsOf(count),
		credentials: setup.credentials,
	});

describe('Convertr on n8n 1.x', () => {
	test("Convertr's validation answer names the field it refused", async () => {
		const { harness, credentials } = await convertr();
		const result = await harness.run({
			nodeType: publisher1x,
			parameters: {
				...simpleMapping,
				formId: '23',
				columns: { ...(simpleMapping.columns as object), value: { email: 'a@b.co' } },
			},
			items: emailsOf(1),
			credentials,
		});
		expect(result.error?.message).toMatch(/form\[firstName\]: This value should not be blank/);
		expect(result.error?.httpCode).toBe('400');
	});

	test('a refused connection is read as never having reached the server (asked again safely)', async () => {
		const probe = await startConvertrFake();
		await probe.stop();
		const refused: unknown = await axios.get(probe.url).catch((error: unknown) => error);
		const failure = readHttpFailure(
			new NodeApiError1x({ name: 'Node' } as INode as never, refused as JsonObject),
		);
		expect(failure.networkCode).toBe('ECONNREFUSED');
		expect(neverReachedServer(failure)).toBe(true);
	});

	test('a timeout is read as a timeout (the lead may have been stored: not sent again)', async () => {
		const setup = await convertr();
		const { fake } = setup;
		fake.faults.push({
			match: post('lead0@example.com'),
			times: 1,
			answer: { hang: true },
			afterProcessing: true,
		});
		const result = await deliver(setup, 1, { options: { timeout: 2 } });
		expect(result.error?.message).toMatch(/did not answer within 2 s.*not sent again/);
		expect(fake.leadPosts()).toHaveLength(1);
	});

	test("a 403 keeps Convertr's reason and HTTP status", async () => {
		const setup = await convertr();
		const { fake } = setup;
		fake.faults.push({
			match: post('lead0@example.com'),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign has not started yet' } },
		});
		const result = await deliver(setup, 1);
		expect(result.error?.message).toBe(
			'Convertr refused the request: Campaign has not started yet',
		);
		expect(result.error?.httpCode).toBe('403');
	});

	test('a 403 part-way proves nothing was stored: Skip Already Delivered sends that lead on the next run', async () => {
		const setup = await convertr();
		const { fake } = setup;
		fake.faults.push({
			match: post('lead2@example.com'),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		const run = async () =>
			await deliver(setup, 4, { skipDelivered: true, options: { concurrency: 1 } });
		expect((await run()).error?.message).toMatch(/Campaign is paused/);
		const second = await run();
		expect(second.error).toBeUndefined();
		expect(fake.leads.map((l) => l.form.email).sort()).toEqual(emailsOf(4).map((l) => l.email));
	});

	test('a 404 says which IDs were not found', async () => {
		const setup = await convertr();
		const result = await deliver(setup, 1, { linkId: '999' });
		expect(result.error?.message).toBe(
			'Publisher 77, form 35 or link 999 was not found on Convertr: Link not found',
		);
	});

	test('429 with Retry-After and a 503 are waited out and sent again: every lead delivered once', async () => {
		const setup = await convertr();
		const { fake } = setup;
		fake.faults.push(
			{
				match: post('lead1@example.com'),
				times: 1,
				answer: {
					status: 429,
					body: { code: 429, message: 'Too many requests' },
					headers: { 'Retry-After': '1' },
				},
			},
			{
				match: post('lead3@example.com'),
				times: 1,
				answer: { status: 503, body: { code: 503, message: 'Service unavailable' } },
			},
		);
		const result = await deliver(setup, 5);
		expect(result.error).toBeUndefined();
		expect(fake.leads.map((l) => l.form.email).sort()).toEqual(emailsOf(5).map((l) => l.email));
	});

	test('an HTML 502 on a read is asked again', async () => {
		const setup = await convertr();
		const { fake } = setup;
		fake.faults.push({
			match: (r) => r.method === 'GET' && r.path.includes('/publisher/fields/'),
			times: 1,
			answer: { status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
		});
		const result = await deliver(setup, 1);
		expect(result.error).toBeUndefined();
		expect(fake.leads).toHaveLength(1);
	});
});

test('a refused token request is said as Convertr said it, and the lead counts as never sent', async () => {
	const { harness, credentials } = await convertr();
	const data = harness.credentials.store.get('convertrPublisherApi')!.data;
	const wrong = harness.addCredential(
		'convertrPublisherApi',
		{ ...data, accessToken: '', apiKey: 'wrong-api-key-123' },
		'wrong-key',
	);
	expect(credentials).not.toEqual(wrong);
	const result = await harness.run({
		nodeType: publisher1x,
		parameters: { ...simpleMapping, options: { concurrency: 1 } },
		items: emailsOf(1),
		credentials: wrong,
	});
	expect(result.error?.message).toMatch(
		/^Convertr refused the token request \(HTTP 400\): invalid_grant: Invalid API key\. Check the client ID/,
	);
	expect(result.error?.context?.mayHaveActed).toBe(false);
});

describe('Kartra and Convert on n8n 1.x', () => {
	test("Kartra's 429 burst is waited out: every lead created once", async () => {
		const setup = await kartraSetup({ ratePerSecond: 2 });
		stops.push(() => setup.fake.stop());
		const result = await setup.harness.run({
			nodeType: kartra1x,
			parameters: { resource: 'lead', operation: 'create', email: '={{$json.email}}' },
			items: emailsOf(5),
			credentials: setup.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(setup.fake.leads).toHaveLength(5);
	});

	test("Convert's 401 is said in Convert's words, with its status", async () => {
		const setup = await convertSetup();
		stops.push(() => setup.fake.stop());
		setup.fake.faults.push({
			match: (r) => r.method === 'POST',
			times: 5,
			answer: { status: 401, body: { code: 401, message: 'Invalid SDK key' } },
		});
		const result = await setup.harness.run({
			nodeType: convert1x,
			parameters: conversion(),
			items: visitors(2),
			credentials: setup.credentials,
		});
		expect(result.error?.message).toMatch(/Invalid SDK key/);
		expect(result.error?.httpCode).toBe('401');
	});

	test("Convert's 403 on its config is said in Convert's words, with its status", async () => {
		const setup = await convertSetup();
		stops.push(() => setup.fake.stop());
		setup.fake.faults.push({
			match: (r) => r.method === 'GET' && r.path.startsWith('/api/v1/config/'),
			times: 5,
			answer: {
				status: 403,
				body: {
					code: 403,
					message: 'The default config endpoint is disabled for this project; use an SDK key',
				},
			},
		});
		const result = await setup.harness.run({
			nodeType: convert1x,
			parameters: conversion(),
			items: visitors(2),
			credentials: setup.credentials,
		});
		expect(result.error?.message).toMatch(/default config endpoint is disabled/);
		expect(result.error?.httpCode).toBe('403');
	});
});
