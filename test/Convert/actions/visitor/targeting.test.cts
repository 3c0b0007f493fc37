// Visitor → Bucket and Visitor → Get Features with targeting, through n8n's engine against the fake config CDN: the
// node's answers are compared with the published @convertcom/js-sdk deciding on the very config the fake served.
import type { IDataObject } from 'n8n-workflow';

import {
	convertNode,
	convertSetup,
	ruleTree as tree,
	targetingRule as rule,
} from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const ConvertSDK = require('@convertcom/js-sdk').default as new (options: object) => {
	onReady(): Promise<void>;
	createContext(visitorId: string): {
		runExperience(key: string, attributes: object): unknown;
		runFeatures(attributes: object): unknown;
		runCustomSegments(keys: string[], attributes: object): unknown;
	};
};

/** The fake's project with targeting: a location on the pricing pages, audiences, a segment, a feature. */
function target(project: Setup['fake']['project']) {
	project.locations = [
		{
			id: '800',
			key: 'pricing',
			name: 'Pricing pages',
			rules: tree([rule('url', 'contains', '/pricing')]),
		},
	];
	project.audiences = [
		{
			id: '700',
			key: 'pro',
			name: 'Pro plan',
			type: 'permanent',
			rules: tree([rule('plan', 'equals', 'pro')]),
		},
		{
			id: '701',
			key: 'adults',
			name: 'Adults',
			type: 'transient',
			rules: tree([rule('age', 'lessEqual', 17, true)]),
		},
	];
	project.segments = [
		{ id: '500', key: 'vip', name: 'VIP', rules: tree([rule('spend', 'less', '1,000', true)]) },
	];
	project.features = [
		{
			id: '900',
			key: 'big-button',
			name: 'Big button',
			variables: [
				{ key: 'size', type: 'integer' },
				{ key: 'on', type: 'boolean' },
				{ key: 'meta', type: 'json' },
			],
		},
	];
	const [checkout, pricing] = project.experiences;
	Object.assign(checkout, {
		environment: undefined,
		audiences: ['700', '701'],
		settings: { matching_options: { audiences: 'all' } },
		site_area: tree([rule('url', 'startsWith', 'https://shop.example.com')]),
	});
	(checkout.variations as IDataObject[])[1].changes = [
		{
			type: 'fullStackFeature',
			data: {
				feature_id: '900',
				variables_data: { size: '48', on: 'true', meta: '{"tone":"green"}' },
			},
		},
	];
	Object.assign(pricing, {
		// the published SDK (the oracle here) lays out version ≤ 11 only; version 12 is held to Convert's golden vectors
		version: 11,
		environment: undefined,
		locations: ['800'],
		audiences: ['500'],
		settings: { matching_options: { audiences: 'any' } },
	});
}

interface Person extends IDataObject {
	visitor: string;
	props: IDataObject;
	url: string;
}

function people(n: number): Person[] {
	return Array.from({ length: n }, (_, i) => ({
		visitor: `person-${i}`,
		url:
			i % 3 === 0
				? 'https://shop.example.com/pricing/annual'
				: i % 3 === 1
					? 'https://shop.example.com/cart'
					: 'https://blog.example.com/pricing',
		props: {
			...(i % 4 !== 3 ? { plan: i % 2 ? 'pro' : 'Pro' } : { plan: 'basic' }),
			age: i % 5 === 0 ? '16' : 30 + i,
			...(i % 2 ? { spend: i * 100 } : {}),
		},
	}));
}

async function sdkAnswers(config: IDataObject, list: Person[]) {
	const sdk = new ConvertSDK({
		data: structuredClone(config),
		network: { tracking: false },
		logger: { logLevel: 5 },
	});
	await sdk.onReady();
	return list.map((p) => {
		const context = sdk.createContext(p.visitor);
		context.runCustomSegments(['vip'], { ruleData: p.props });
		const attributes = { visitorProperties: p.props, locationProperties: { url: p.url } };
		const variation = (key: string) => {
			const answer = context.runExperience(key, attributes) as { id?: unknown } | null;
			return typeof answer === 'object' && answer !== null ? String(answer.id) : undefined;
		};
		return { '2001': variation('checkout-button'), '2002': variation('pricing-page') };
	});
}

/** The config the fake CDN served without a debug token: its active experiences. */
function servedConfig(project: Setup['fake']['project']): IDataObject {
	const served = JSON.parse(JSON.stringify(project)) as IDataObject;
	served.experiences = (served.experiences as IDataObject[]).filter((e) => e.status === 'active');
	return served;
}

const bucket = (extra: IDataObject = {}) => ({
	resource: 'visitor',
	operation: 'bucket',
	visitorId: '={{ $json.visitor }}',
	pageUrl: '={{ $json.url }}',
	propertiesInput: 'json',
	visitorPropertiesJson: '={{ $json.props }}',
	...extra,
});

describe('Visitor → Bucket with targeting', () => {
	test("60 visitors get exactly the SDK's variations; one config request; who was kept out says by which rule", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const list = people(60);
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: list,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(1);
		const served = servedConfig(fake.project);
		const expected = await sdkAnswers(served, list);
		const rules = new Set<string>();
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			const json = item.json as {
				bucketingData: Record<string, string>;
				notBucketed: IDataObject[];
			};
			expect(json.bucketingData).toEqual(
				Object.fromEntries(Object.entries(expected[i]).filter(([, v]) => v !== undefined)),
			);
			for (const out of json.notBucketed) rules.add(String(out.rule));
		});
		expect([...rules].sort()).toEqual(['audience', 'location', 'segment', 'siteArea', 'traffic']);
		const someone = result.items.find((i) =>
			(i.json.notBucketed as IDataObject[]).some((n) => n.rule === 'audience'),
		)!;
		expect(
			(someone.json.notBucketed as IDataObject[]).find((n) => n.rule === 'audience'),
		).toMatchObject({
			experienceId: '2001',
			reason: expect.stringMatching(
				/^The visitor is not in every audience of the experience \(not in /,
			),
		});
		expect(result.items.some((i) => Object.keys(i.json.bucketingData as object).length === 2)).toBe(
			true,
		);
	});

	test('properties given as pairs decide as the same properties given as JSON', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const list = people(12);
		const asJson = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: list,
			credentials,
		});
		const asPairs = await harness.run({
			nodeType: convertNode,
			parameters: bucket({
				propertiesInput: 'fields',
				visitorProperties: {
					property: [
						{ name: 'plan', value: '={{ $json.props.plan }}' },
						{ name: 'age', value: '={{ $json.props.age }}' },
						{ name: 'spend', value: '={{ $json.props.spend }}' },
					],
				},
			}),
			items: list,
			credentials,
		});
		expect(asPairs.error).toBeUndefined();
		expect(asPairs.items.map((i) => i.json.bucketingData)).toEqual(
			asJson.items.map((i) => i.json.bucketingData),
		);
	});

	test('Ignore Targeting, and workflows of version 1, bucket everyone as before', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const list = people(9);
		const ignoring = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ targeting: 'ignore' }),
			items: list,
			credentials,
		});
		const v1 = await harness.run({
			nodeType: convertNode,
			typeVersion: 1,
			parameters: { resource: 'visitor', operation: 'bucket', visitorId: '={{ $json.visitor }}' },
			items: list,
			credentials,
		});
		for (const result of [ignoring, v1]) {
			expect(result.error).toBeUndefined();
			for (const item of result.items) {
				expect((item.json.notBucketed as IDataObject[]).every((n) => n.rule === 'traffic')).toBe(
					true,
				);
				expect(Object.keys(item.json.bucketingData as object).length).toBeGreaterThanOrEqual(1);
			}
		}
		expect(v1.items.map((i) => i.json.bucketingData)).toEqual(
			ignoring.items.map((i) => i.json.bucketingData),
		);
	});

	test('properties that are not an object are refused for that item, naming it and the field; nothing else fails', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const list: IDataObject[] = people(3);
		list[1] = { ...list[1], props: ['pro'] };
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: list,
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(3);
		expect(result.items[1].json.error).toBe(
			'Item 1: Visitor Properties (JSON) must be an object; got a list',
		);
		expect(result.items[0].json.bucketingData).toBeDefined();
		expect(result.items[2].json.bucketingData).toBeDefined();
		const broken = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ visitorPropertiesJson: '{"plan": ' }),
			items: people(1),
			credentials,
		});
		expect(broken.error?.message).toMatch(/^Item 0: Visitor Properties \(JSON\) is not valid JSON/);
	});
});

describe('Bucket → Track Conversion is one wire', () => {
	test("Bucket's output feeds Track Conversion's bucketing data by field name; the fake records the same pairs", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const bucketed = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: people(20),
			credentials,
		});
		const tracked = await harness.run({
			nodeType: convertNode,
			parameters: {
				resource: 'event',
				operation: 'trackConversion',
				visitorId: '={{ $json.visitorId }}',
				goalId: '100300',
				bucketingDataInput: 'field',
			},
			items: bucketed.items.map((i) => i.json),
			credentials,
		});
		expect(tracked.error).toBeUndefined();
		expect(fake.events).toHaveLength(20);
		fake.events.forEach((event, i) => {
			expect(event.visitorId).toBe(`person-${i}`);
			const expected = bucketed.items[i].json.bucketingData as Record<string, string>;
			if (Object.keys(expected).length) expect(event.data.bucketingData).toEqual(expected);
			else expect(event.data).not.toHaveProperty('bucketingData');
		});
	});

	test('a field that is not an object of IDs is refused, naming the item and the field', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: {
				resource: 'event',
				operation: 'trackConversion',
				visitorId: '={{ $json.visitorId }}',
				goalId: '100300',
				bucketingDataInput: 'field',
				bucketingDataField: 'decided.pairs',
			},
			items: [
				{ visitorId: 'a', decided: { pairs: { '2001': '3001' } } },
				{ visitorId: 'b', decided: { pairs: 'x' } },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[1].json.error).toBe(
			'Item 1: Input Field "decided.pairs" must hold an object of experience IDs to variation IDs; got string',
		);
		expect(fake.events).toHaveLength(1);
		expect(fake.events[0].data.bucketingData).toEqual({ '2001': '3001' });
	});
});

describe('Visitor → Get Features', () => {
	test("the features and typed variables are the SDK's runFeatures answer for each visitor", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		target(fake.project);
		const list = people(30);
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { ...bucket(), operation: 'getFeatures' },
			items: list,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(1);
		const served = servedConfig(fake.project);
		const sdk = new ConvertSDK({
			data: served,
			network: { tracking: false },
			logger: { logLevel: 5 },
		});
		await sdk.onReady();
		let enabled = 0;
		result.items.forEach((item, i) => {
			const p = list[i];
			const context = sdk.createContext(p.visitor);
			context.runCustomSegments(['vip'], { ruleData: p.props });
			const expected = context.runFeatures({
				visitorProperties: p.props,
				locationProperties: { url: p.url },
			});
			expect(item.json.features).toEqual(expected);
			if ((item.json.enabled as IDataObject)['big-button']) {
				enabled++;
				expect((item.json.enabled as IDataObject)['big-button']).toEqual({
					size: 48,
					on: true,
					meta: { tone: 'green' },
				});
			}
		});
		expect(enabled).toBeGreaterThan(0);
		expect(enabled).toBeLessThan(30);
	});
});
