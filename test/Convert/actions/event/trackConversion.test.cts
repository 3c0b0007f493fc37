import { CONVERT_IDS, CONVERT_SECRETS } from '../../../fakes/convert.cjs';
import { expectNoSecrets } from '../../../harness/secrets.cjs';
import {
	convertNode,
	convertSecretValues,
	convertSetup,
	conversion,
	visitors,
} from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Event → Track Conversion', () => {
	test('250 conversions, batch size 100: 3 POSTs of JSON visitors, each item its own output, in order, paired', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({
				bucketingData: { experience: [{ experienceId: '2001', variationId: '3001' }] },
				segments: {
					browser: 'ch',
					devices: ['DESK', 'IPH'],
					source: 'campaign',
					campaign: 'Black Friday',
					visitorType: 'returning',
					country: 'gb',
					customSegments: ['500'],
				},
			}),
			items: visitors(250),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(3);
		const first = fake.metrics.requests[0];
		expect(first.method).toBe('POST');
		expect(first.path).toBe(`/v1/track/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}`);
		expect(first.headers['content-type']).toMatch(/^application\/json/);
		expect(first.headers['user-agent']).toMatch(/^ConvertAgent\//);
		expect(first.headers.authorization).toBeUndefined();
		const body = JSON.parse(first.rawBody);
		expect(Object.keys(body)).toEqual(['accountId', 'projectId', 'visitors']);
		expect(body.visitors).toHaveLength(100);
		expect(body.visitors[7]).toEqual({
			visitorId: 'visitor-7',
			segments: {
				browser: 'CH',
				devices: ['DESK', 'IPH'],
				source: 'campaign',
				campaign: 'Black Friday',
				visitorType: 'returning',
				country: 'GB',
				customSegments: ['500'],
			},
			events: [
				{
					eventType: 'conversion',
					data: {
						goalId: '100300',
						goalData: [
							{ key: 'amount', value: 17 },
							{ key: 'productsCount', value: 2 },
							{ key: 'transactionId', value: 'T-7' },
							{ key: 'customDimension1', value: 'a&b=[c]' },
						],
						bucketingData: { '2001': '3001' },
					},
				},
			],
		});
		expect(JSON.parse(fake.metrics.requests[2].rawBody).visitors).toHaveLength(50);
		// Convert recorded every conversion once
		expect(fake.events).toHaveLength(250);
		expect(new Set(fake.events.map((e) => e.visitorId)).size).toBe(250);
		expect(fake.droppedForUserAgent).toBe(0);
		expect(result.items).toHaveLength(250);
		expect(result.items.map((i) => i.pairedItem)).toEqual(
			Array.from({ length: 250 }, (_, i) => ({ item: i })),
		);
		expect(result.items.map((i) => i.json.visitorId)).toEqual(visitors(250).map((v) => v.visitor));
		expect(result.items[120].json).toMatchObject({
			visitorId: 'visitor-120',
			eventType: 'conversion',
			goalId: '100300',
			goalData: { amount: 130, productsCount: 2, transactionId: 'T-120' },
			batch: { number: 2, size: 100, accepted: true, httpStatus: 200, attempts: 1 },
		});
	});

	test('with an SDK key: POST /v1/track/{sdkKey} with the secret as Bearer; the secret in no output', async () => {
		setup = await convertSetup({}, 'sdkKey');
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ options: { enrichData: true } }),
			items: visitors(3),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(decodeURIComponent(fake.metrics.requests[0].path)).toBe(
			`/v1/track/${CONVERT_IDS.sdkKey}`,
		);
		expect(fake.metrics.requests[0].headers.authorization).toBe(
			`Bearer ${CONVERT_SECRETS.sdkKeySecret}`,
		);
		expect(JSON.parse(fake.metrics.requests[0].rawBody).enrichData).toBe(true);
		expect(fake.events).toHaveLength(3);
		expectNoSecrets([result.items], convertSecretValues);
	});

	test('the fake drops events without the ConvertAgent User-Agent while answering 200 (why the node sends it)', async () => {
		setup = await convertSetup();
		const { fake } = setup;
		const body = {
			accountId: CONVERT_IDS.accountId,
			projectId: CONVERT_IDS.projectId,
			visitors: [
				{ visitorId: 'v', events: [{ eventType: 'conversion', data: { goalId: '100300' } }] },
			],
		};
		const response = await fetch(
			`${fake.metrics.url}/v1/track/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}`,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'User-Agent': 'axios/1.7.0' },
				body: JSON.stringify(body),
			},
		);
		expect(response.status).toBe(200);
		expect(fake.events).toHaveLength(0);
		expect(fake.droppedForUserAgent).toBe(1);
	});

	test.each([
		[
			'an unknown browser code',
			{ segments: { browser: '={{$json.n === 1 ? "NETSCAPE" : "CH"}}' } },
			'Item 1: Visitor Segments › Browser must be one of CH, FF, IE, OP, SF, OTH; got "NETSCAPE"',
		],
		[
			'a country that is not ISO',
			{ segments: { country: '={{$json.n === 1 ? "England" : "GB"}}' } },
			'Item 1: Visitor Segments › Country must be a two-letter ISO country code such as GB or US; got "England"',
		],
		[
			'a country code that does not exist',
			{ segments: { country: '={{$json.n === 1 ? "XX" : "GB"}}' } },
			'Item 1: Visitor Segments › Country must be a two-letter ISO country code such as GB or US; got "XX"',
		],
		['no goal', { goalId: '={{$json.n === 1 ? "" : "100300"}}' }, 'Item 1: Goal is required'],
		[
			'a goal that is not an ID',
			{ goalId: '={{$json.n === 1 ? "purchase" : "100300"}}' },
			'Item 1: Goal must be a positive whole number, got "purchase"',
		],
		[
			'an amount that is not a number',
			{ goalData: { amount: '={{$json.n === 1 ? "12,50 EUR" : 3}}' } },
			'Item 1: Goal Data › Revenue Amount must be a number; got "12,50 EUR"',
		],
		[
			'a negative products count',
			{ goalData: { productsCount: '={{$json.n === 1 ? -1 : 1}}' } },
			'Item 1: Goal Data › Products Count must be at least 0; got -1',
		],
		[
			'an unknown device',
			{ segments: { devices: '={{$json.n === 1 ? ["DESK", "FRIDGE"] : ["DESK"]}}' } },
			'Item 1: Visitor Segments › Devices must be one of DESK, ALLPH, IPH, OTHPH, ALLTAB, IPAD, OTHTAB, OTHDEV; got "FRIDGE"',
		],
		[
			'no visitor ID',
			{ visitorId: '={{$json.n === 1 ? "" : "v"}}' },
			'Item 1: Visitor ID is required',
		],
		[
			'a visitor ID that is an object',
			{ visitorId: '={{$json.n === 1 ? {a: 1} : "v"}}' },
			'Item 1: Visitor ID must be text, not object',
		],
		[
			'bucketing data with a variation that is not an ID',
			{ bucketingData: { experience: [{ experienceId: '2001', variationId: 'green' }] } },
			'Item 0: Bucketing Data 1 › Variation ID must be a positive whole number, got "green"',
		],
	])(
		'bad input (%s) stops the run before anything is sent, naming item and field',
		async (_name, extra, message) => {
			setup = await convertSetup();
			const { fake, harness, credentials } = setup;
			const params = conversion(extra);
			const result = await harness.run({
				nodeType: convertNode,
				parameters: params,
				items: visitors(3),
				credentials,
			});
			expect(result.error?.message).toBe(message);
			expect(fake.metrics.requests).toHaveLength(0);
		},
	);

	test('with Continue On Fail, a bad item becomes an error item and the others are batched and sent', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({
				goalData: { amount: '={{$json.n === 2 ? "lots" : $json.amount}}' },
			}),
			items: visitors(5),
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(5);
		// the input's fields stay beside the error
		expect(result.items[2].json).toEqual({
			n: 2,
			visitor: 'visitor-2',
			amount: 12,
			error: 'Item 2: Goal Data › Revenue Amount must be a number; got "lots"',
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(fake.metrics.requests).toHaveLength(1);
		expect(fake.events.map((e) => e.visitorId)).toEqual([
			'visitor-0',
			'visitor-1',
			'visitor-3',
			'visitor-4',
		]);
		expect(result.items[4].json.batch).toEqual({
			number: 1,
			size: 4,
			accepted: true,
			httpStatus: 200,
			attempts: 1,
		});
	});

	test("Convert's {code, message} comes through with the HTTP status and the batch's items", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.method === 'POST',
			times: 1,
			answer: {
				status: 400,
				body: { code: 4007, message: 'Project is over its monthly tracking quota' },
			},
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion(),
			items: visitors(3),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Convert refused batch 1 of tracking events: Project is over its monthly tracking quota (HTTP 400, code 4007)',
		);
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toMatch(/Batch 1 held items 0–2/);
		expect(fake.metrics.requests).toHaveLength(1);
	});
});

describe("IDs checked against the project's config before sending", () => {
	test('a goal the project does not have stops the run naming the item and the field; nothing is sent', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ goalId: '={{$json.n === 1 ? "999999" : "100300"}}' }),
			items: visitors(3),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Item 1: Goal "999999" is not a goal of project 10023256 (its goals: Purchase (100300), Lead form sent (100301))',
		);
		expect(result.error?.description).toMatch(/Convert would accept the conversion and drop it/);
		expect(fake.metrics.requests).toHaveLength(0);
	});

	test('an experience or variation the project does not have becomes an error item; the others are sent', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({
				bucketingData: {
					experience: [{ experienceId: '2001', variationId: '={{$json.variation}}' }],
				},
			}),
			items: [
				{ visitor: 'v-0', variation: '3001' },
				{ visitor: 'v-1', variation: '3101' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[1].json.error).toBe(
			'Item 1: Bucketing Data names variation "3101", which is not a variation of experience "Checkout button" (2001) (its variations: 3002, 3001)',
		);
		expect(fake.events.map((e) => e.visitorId)).toEqual(['v-0']);
	});

	test('the config is read once per execution, whatever the number of items', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		await harness.run({
			nodeType: convertNode,
			parameters: conversion({ options: { batchSize: 10 } }),
			items: visitors(40),
			credentials,
		});
		expect(fake.config.requests).toHaveLength(1);
		expect(fake.events).toHaveLength(40);
	});

	test('with Check IDs Against the Project off, the ID goes out unchecked and the config is not read', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: conversion({ goalId: '100399', options: { checkIds: false } }),
			items: visitors(1),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(0);
		expect(fake.events).toHaveLength(1);
	});
});
