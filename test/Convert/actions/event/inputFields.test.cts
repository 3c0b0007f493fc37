// Values From: Input Fields on Track Conversion and Track Bucketing: the same wire as with one expression per field,
// the field names read once for all items, and bad values named by item and field, nothing sent for them.
import { convertNode, convertSetup, conversion } from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const orders = (n: number) =>
	Array.from({ length: n }, (_, i) => ({
		visitor: { id: `visitor-${i}` },
		goal: '100300',
		total: 10 + i,
		items: 2,
		order: `T-${i}`,
		segments: i % 2 ? { browser: 'ch', country: 'gb', customSegments: ['500'] } : undefined,
	}));

const bodies = (s: Setup) =>
	s.fake.metrics.requests.flatMap(
		(r) => (JSON.parse(r.rawBody) as { visitors: unknown[] }).visitors,
	);

test('Track Conversion from input fields sends what one expression per field sends, item for item', async () => {
	setup = await convertSetup();
	const byExpressions = await setup.harness.run({
		nodeType: convertNode,
		parameters: conversion({
			visitorId: '={{ $json.visitor.id }}',
			goalId: '={{ $json.goal }}',
			goalData: {
				amount: '={{ $json.total }}',
				productsCount: '={{ $json.items }}',
				transactionId: '={{ $json.order }}',
			},
			segments: {},
		}),
		items: orders(150).map(({ segments: _s, ...order }) => order),
		credentials: setup.credentials,
	});
	expect(byExpressions.error).toBeUndefined();
	const expected = bodies(setup);
	setup.fake.metrics.requests.length = 0;

	const byFields = await setup.harness.run({
		nodeType: convertNode,
		parameters: {
			resource: 'event',
			operation: 'trackConversion',
			valuesFrom: 'inputFields',
			visitorIdField: 'visitor.id',
			goalIdField: 'goal',
			amountField: 'total',
			productsCountField: 'items',
			transactionIdField: 'order',
			segmentsField: 'none',
		},
		items: orders(150),
		credentials: setup.credentials,
	});
	expect(byFields.error).toBeUndefined();
	expect(setup.fake.metrics.requests).toHaveLength(2);
	expect(bodies(setup)).toEqual(expected);
	expect(byFields.items.map((i) => i.pairedItem)).toEqual(
		Array.from({ length: 150 }, (_, item) => ({ item })),
	);
	expect(byFields.items[3].json).toMatchObject({
		visitorId: 'visitor-3',
		goalId: '100300',
		goalData: { amount: 13, productsCount: 2, transactionId: 'T-3' },
	});
});

test('segments from a field are checked as the parameters are; a bad value names the item and the field, and nothing is sent for it', async () => {
	setup = await convertSetup();
	const parameters = {
		resource: 'event',
		operation: 'trackConversion',
		valuesFrom: 'inputFields',
		visitorIdField: 'visitor.id',
		goalIdField: 'goal',
		amountField: 'total',
		productsCountField: 'items',
		transactionIdField: 'order',
		segmentsField: 'segments',
	};
	const items = orders(4);
	items[1].total = -5;
	(items[2] as Record<string, unknown>).segments = { browser: 'netscape' };
	const result = await setup.harness.run({
		nodeType: convertNode,
		parameters,
		items,
		credentials: setup.credentials,
		continueOnFail: true,
	});
	expect(result.items.map((i) => i.json.error ?? 'sent')).toEqual([
		'sent',
		expect.stringMatching(/^Item 1: Revenue Amount \(input field "total"\) must be/),
		expect.stringMatching(
			/^Item 2: Visitor Segments \(input field "segments"\) › Browser must be one of/,
		),
		'sent',
	]);
	expect(bodies(setup).map((v) => (v as { visitorId: string }).visitorId)).toEqual([
		'visitor-0',
		'visitor-3',
	]);
	expect((bodies(setup)[1] as { segments: unknown }).segments).toEqual({
		browser: 'CH',
		country: 'GB',
		customSegments: ['500'],
	});

	const blank = await setup.harness.run({
		nodeType: convertNode,
		parameters: { ...parameters, goalIdField: '  ' },
		items: orders(2),
		credentials: setup.credentials,
	});
	expect(blank.error?.message).toBe('Goal ID Field is empty');
});

test('Track Bucketing from input fields: visitor, experience and variation read from each item', async () => {
	setup = await convertSetup();
	const result = await setup.harness.run({
		nodeType: convertNode,
		parameters: {
			resource: 'event',
			operation: 'trackBucketing',
			valuesFrom: 'inputFields',
			visitorIdField: 'visitor',
			experienceIdField: 'decision.experience',
			variationIdField: 'decision.variation',
		},
		items: [
			{ visitor: 'v-1', decision: { experience: '2001', variation: '3001' } },
			{ visitor: 'v-2', decision: { experience: '2002', variation: '' } },
		],
		credentials: setup.credentials,
		continueOnFail: true,
	});
	expect(result.items[1].json.error).toMatch(
		/^Item 1: Variation ID \(input field "decision.variation"\) is required/,
	);
	expect(bodies(setup)).toEqual([
		{
			visitorId: 'v-1',
			events: [{ eventType: 'bucketing', data: { experienceId: '2001', variationId: '3001' } }],
		},
	]);
});
