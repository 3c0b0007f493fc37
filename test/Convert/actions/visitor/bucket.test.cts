import { bucketVisitor } from '../../../../nodes/Convert/bucketing';
import { convertNode, convertSetup } from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const bucket = (extra: Record<string, unknown> = {}) => ({
	resource: 'visitor',
	operation: 'bucket',
	visitorId: '={{$json.visitor}}',
	...extra,
});
const people = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ visitor: `person-${i}@example.com` }));

describe('Visitor → Bucket', () => {
	test('all running experiences: the same variations as the algorithm, one config request for 200 visitors, nothing tracked', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: people(200),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(1);
		expect(fake.metrics.requests).toHaveLength(0);
		const [checkout, pricing] = fake.project.experiences;
		const stoppedSeen = new Set<string>();
		result.items.forEach((item, i) => {
			const json = item.json as {
				visitorId: string;
				variations: Array<{
					experienceId: string;
					variationId: string;
					bucket: number;
					layout: string;
				}>;
				bucketingData: Record<string, string>;
			};
			expect(item.pairedItem).toEqual({ item: i });
			expect(json.visitorId).toBe(`person-${i}@example.com`);
			const expectCheckout = bucketVisitor(checkout, json.visitorId);
			expect(expectCheckout.bucketed && json.bucketingData['2001']).toBe(
				expectCheckout.bucketed && expectCheckout.variationId,
			);
			const expectPricing = bucketVisitor(pricing, json.visitorId);
			expect(json.bucketingData['2002']).toBe(
				expectPricing.bucketed ? expectPricing.variationId : undefined,
			);
			if (json.bucketingData['2002']) stoppedSeen.add(json.bucketingData['2002']);
			expect(json).not.toHaveProperty('batch');
		});
		// the stopped variation of the anchored experience gets nobody; the others keep their places
		expect([...stoppedSeen].sort()).toEqual(['3101', '3103']);
		const notBucketed = result.items.flatMap(
			(i) => i.json.notBucketed as Array<{ experienceId: string }>,
		);
		expect(notBucketed.length).toBeGreaterThan(0);
		expect(notBucketed.every((n) => n.experienceId === '2002')).toBe(true);
		const first = (result.items[0].json.variations as Array<Record<string, unknown>>)[0];
		expect(Object.keys(first)).toEqual([
			'experienceId',
			'experienceKey',
			'experienceName',
			'variationId',
			'variationKey',
			'variationName',
			'bucket',
			'layout',
		]);
	});

	test('an environment keeps only its experiences; the same visitor always gets the same variation', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const items = [{ visitor: 'same' }, { visitor: 'same' }, { visitor: 'same' }];
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ options: { environment: 'production' } }),
			items,
			credentials,
		});
		const variations = result.items.map((i) => JSON.stringify(i.json.bucketingData));
		expect(new Set(variations).size).toBe(1);
		expect(Object.keys(result.items[0].json.bucketingData as object)).toEqual(['2001']);
	});

	test('the decisions come out once, as bucketingData; a node added at version 1.1 also repeats them as `bucketing`', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const run = async (typeVersion?: number) =>
			await harness.run({
				nodeType: convertNode,
				typeVersion,
				parameters: bucket(),
				items: [{ visitor: 'v-1' }],
				credentials,
			});
		const current = (await run()).items[0].json;
		expect(current.bucketingData).toEqual(expect.any(Object));
		expect(current).not.toHaveProperty('bucketing');
		const older = (await run(1.1)).items[0].json;
		expect(older.bucketing).toEqual(older.bucketingData);
	});

	test('selected experiences, a draft one with the debug token; an experience not in the config is named', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const ok = await harness.run({
			nodeType: convertNode,
			parameters: bucket({
				experiences: 'selected',
				experienceIds: ['2003'],
				options: { includeDrafts: true },
			}),
			items: people(2),
			credentials,
		});
		expect(ok.error).toBeUndefined();
		expect(Object.keys(ok.items[0].json.bucketingData as object)).toEqual(['2003']);
		const missing = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ experiences: 'selected', experienceIds: ['2003'] }),
			items: people(2),
			credentials,
		});
		expect(missing.error?.message).toBe(
			'Item 0: Experiences has an experience the project config does not hold: 2003',
		);
		expect(missing.error?.description).toMatch(/Include Drafts and Paused/);
	});

	test('Send Bucketing Events: the decisions go out batched, one request per batch, with the segments', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket({
				sendEvents: true,
				segments: { country: 'us', visitorType: 'new' },
				options: { batchSize: 40 },
			}),
			items: people(100),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(3);
		const decided = result.items.reduce(
			(n, i) => n + Object.keys(i.json.bucketingData as object).length,
			0,
		);
		expect(fake.events).toHaveLength(decided);
		expect(
			fake.events.every((e) => e.eventType === 'bucketing' && e.segments?.country === 'US'),
		).toBe(true);
		const sample = result.items[41].json;
		expect(sample.eventsSent).toBe(Object.keys(sample.bucketingData as object).length);
		expect(sample.batch).toMatchObject({ number: 2, size: 40, accepted: true });
		const recorded = fake.events
			.filter((e) => e.visitorId === sample.visitorId)
			.map((e) => [e.data.experienceId, e.data.variationId]);
		expect(Object.fromEntries(recorded)).toEqual(sample.bucketingData);
	});

	test('the visitor ID is hashed exactly as given: no-break spaces, a BOM, ideographic spaces are kept', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const [checkout] = setup.fake.project.experiences;
		const decision = (id: string) => {
			const outcome = bucketVisitor(checkout, id);
			return outcome.bucketed ? outcome.variationId : outcome.reason;
		};
		// IDs whose decision changes when the surrounding space is trimmed away
		const wrappers = [
			(id: string) => `\u00a0${id}`,
			(id: string) => `${id}\ufeff`,
			(id: string) => `\u3000${id}\u3000`,
			(id: string) => ` ${id} `,
		];
		const ids = wrappers.map((wrap) => {
			for (let n = 0; ; n++) {
				const id = wrap(`visitor-${n}`);
				if (decision(id) !== decision(id.trim())) return id;
			}
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: ids.map((visitor) => ({ visitor })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.visitorId)).toEqual(ids);
		expect(
			result.items.map(
				(i) =>
					(i.json.bucketingData as Record<string, string>)[String(checkout.id)] ?? 'not bucketed',
			),
		).toEqual(
			ids.map((id) => {
				const d = decision(id);
				return /^\d+$/.test(d) ? d : 'not bucketed';
			}),
		);
	});

	test('a visitor ID of white space only counts as empty: refused, nothing fetched', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const spaces = await harness.run({
			nodeType: convertNode,
			parameters: bucket(),
			items: [{ visitor: ' \u00a0\u3000 ' }],
			credentials,
		});
		expect(spaces.error?.message).toBe('Item 0: Visitor ID is required');
		expect(fake.config.requests).toHaveLength(0);
	});

	test('no visitor ID: named, and the config is not even fetched', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ visitorId: '={{$json.missing}}' }),
			items: people(1),
			credentials,
		});
		expect(result.error?.message).toBe('Item 0: Visitor ID is required');
		expect(fake.config.requests).toHaveLength(0);
	});
});
