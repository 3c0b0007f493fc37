import { convertNode, convertSetup, conversion, visitors } from '../harness/convert.cjs';

import type { RecordedRequest } from '../fakes/httpServer.cjs';

/** A tracking batch (the project's config, read first to check the IDs, is a GET) */
const tracking = (r: RecordedRequest) => r.method === 'POST';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('tracking faults: every item accounted for, nothing duplicated', () => {
	test('429 bursts (with and without Retry-After): every conversion recorded exactly once', async () => {
		for (const retryAfterSeconds of [1, undefined]) {
			setup = await convertSetup({ trackRatePerSecond: 2, retryAfterSeconds });
			const { fake, harness, credentials } = setup;
			const result = await harness.run({
				nodeType: convertNode,
				parameters: conversion({ options: { batchSize: 10, batchConcurrency: 4 } }),
				items: visitors(60),
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(fake.rateLimited).toBeGreaterThan(0);
			expect(fake.events).toHaveLength(60);
			expect(new Set(fake.events.map((e) => e.visitorId)).size).toBe(60);
			expect(
				result.items.filter((i) => (i.json.batch as { accepted: boolean }).accepted),
			).toHaveLength(60);
			await fake.stop();
			setup = undefined;
		}
	});

	test('503 before processing is retried; the batch is recorded once', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: tracking,
			times: 2,
			answer: {
				status: 503,
				body: { code: 503, message: 'Try again' },
				headers: { 'Retry-After': '0' },
			},
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion(),
			items: visitors(4),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(3);
		expect(fake.events).toHaveLength(4);
		expect(result.items[0].json.batch).toMatchObject({ accepted: true, attempts: 3 });
	});

	test('a 500 after Convert stored the conversions: not resent (no double count), error items with Continue On Fail', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: tracking,
			times: 1,
			afterProcessing: true,
			answer: { status: 500, body: { code: 500, message: 'Internal error' } },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ options: { batchSize: 2 } }),
			items: visitors(4),
			credentials,
			continueOnFail: true,
		});
		expect(fake.metrics.requests).toHaveLength(2);
		expect(fake.events).toHaveLength(4);
		expect(result.items).toHaveLength(4);
		const failed = result.items.filter((i) => i.json.error);
		expect(failed).toHaveLength(2);
		expect(failed[0].json).toMatchObject({
			visitorId: expect.stringMatching(/^visitor-/),
			error: 'Convert refused batch 1 of tracking events: Internal error (HTTP 500)',
			httpCode: '500',
			batch: { number: 1, size: 2, accepted: false },
		});
		expect(String(failed[0].json.description)).toMatch(/not sent again/);
	});

	test('with Retry Server Errors on, the same 500 is retried, and the double count it can cause is visible', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: tracking,
			times: 1,
			afterProcessing: true,
			answer: { status: 500, body: { code: 500, message: 'Internal error' } },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ options: { retryServerErrors: true } }),
			items: visitors(3),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(2);
		// what the option's description warns about: Convert had stored the first attempt
		expect(fake.events).toHaveLength(6);
		expect(result.items[0].json.batch).toMatchObject({ accepted: true, attempts: 2 });
	});

	test('a conversion batch that times out: error, one POST only', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: tracking, times: 1, answer: { hang: true } });
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ options: { timeout: 1 } }),
			items: visitors(2),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Convert did not answer about batch 1 of tracking events within 1 s. It was not sent again, because Convert may already have recorded it.',
		);
		expect(fake.metrics.requests).toHaveLength(1);
	});

	test("a connection reset or malformed answer on a bucketing batch is retried (a repeat cannot change Convert's counts)", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: tracking, times: 1, answer: { reset: true } });
		fake.faults.push({
			match: tracking,
			times: 1,
			answer: { status: 502, raw: '<html><h1>502 Bad Gateway</h1></html>' },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: {
				resource: 'event',
				operation: 'trackBucketing',
				visitorId: '={{$json.visitor}}',
				experienceId: '2001',
				variationId: '3002',
			},
			items: visitors(5),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(3);
		expect(fake.events).toHaveLength(5);
		expect(fake.events[0]).toMatchObject({
			visitorId: 'visitor-0',
			eventType: 'bucketing',
			data: { experienceId: '2001', variationId: '3002' },
		});
		expect(result.items[4].json).toEqual({
			visitorId: 'visitor-4',
			eventType: 'bucketing',
			experienceId: '2001',
			variationId: '3002',
			batch: { number: 1, size: 5, accepted: true, httpStatus: 200, attempts: 3 },
		});
	});

	test('a 200 with a body that is not JSON still counts as accepted (the status says so)', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: tracking,
			times: 1,
			afterProcessing: true,
			answer: { status: 200, raw: 'OK<' },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion(),
			items: visitors(2),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.events).toHaveLength(2);
		expect(result.items[1].json.batch).toMatchObject({ accepted: true, httpStatus: 200 });
	});
});

describe('faults on the read routes: visitor data and optional settings', () => {
	test('a reset, a 502 page and a 429 on visitor data are asked again; every visitor answered once, in order', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const visitorRoute = (r: { path: string }) => r.path.includes('/visitor-data/');
		fake.faults.push(
			{ match: visitorRoute, times: 1, answer: { reset: true } },
			{
				match: visitorRoute,
				times: 1,
				answer: { status: 502, raw: '<html><h1>502 Bad Gateway</h1></html>' },
			},
			{
				match: visitorRoute,
				times: 1,
				answer: {
					status: 429,
					body: { code: 429, message: 'Slow down' },
					headers: { 'Retry-After': '0' },
				},
			},
		);
		const items = Array.from({ length: 5 }, (_, i) => ({
			visitor: i === 2 ? 'visitor-known' : `v-${i}`,
		}));
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { resource: 'visitor', operation: 'getData', visitorId: '={{ $json.visitor }}' },
			items,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.visitorId)).toEqual(items.map((i) => i.visitor));
		expect(result.items[2].json.data).toMatchObject({ plan: 'pro' });
		// five visitors, three faults: eight requests
		expect(fake.config.requests.filter(visitorRoute)).toHaveLength(8);
	});

	test('an answer that is not JSON is an error naming the visitor, for that item only', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.path.endsWith('/broken'),
			times: 5,
			answer: { status: 200, raw: '{"data": ' },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { resource: 'visitor', operation: 'getData', visitorId: '={{ $json.visitor }}' },
			items: [{ visitor: 'ok' }, { visitor: 'broken' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({ visitorId: 'ok', data: {} });
		expect(result.items[1].json.error).toBe(
			'Convert answered about the stored data of visitor "broken" with something that is not a JSON object',
		);
	});
});
