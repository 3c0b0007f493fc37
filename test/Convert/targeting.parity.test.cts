// Targeting parity: for generated project configs with locations, site areas, audiences, segments and full-stack
// features, and for generated visitors with visitor and location properties, the node's module decides exactly what
// the published @convertcom/js-sdk (4.4.3, used only here, as the oracle) decides with runExperience,
// runExperiences and runFeatures.
import fc from 'fast-check';

import type { ConfigExperience } from '../../nodes/Convert/bucketing';
import {
	COMPARISONS,
	type Decision,
	decideExperience,
	decideFeatures,
	type Properties,
	rulesMatch,
	visitorState,
} from '../../nodes/Convert/targeting';

interface SdkContext {
	runExperience(key: string, attributes: object): unknown;
	runExperiences(attributes: object): unknown;
	runFeatures(attributes: object): unknown;
	runCustomSegments(keys: string[], attributes: object): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConvertSDK = require('@convertcom/js-sdk').default as new (options: object) => {
	onReady(): Promise<void>;
	createContext(visitorId: string): SdkContext;
};

type Config = Record<string, unknown> & {
	segments: Array<Record<string, unknown>>;
	experiences: Array<ConfigExperience & Record<string, unknown>>;
};

const ENVIRONMENT = 'live';
/** The SDK's LogLevel.SILENT */
const SILENT = 5;
const PROPERTY_KEYS = ['url', 'plan', 'age', 'score', 'tags', 'country', 'name', 'customSegments'];

/** Values visitors and pages carry: text in several cases, numbers as numbers and as text, lists, objects. */
const propertyValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(
		'Pro',
		'pro',
		'basic',
		'https://shop.example.com/cart',
		'https://shop.example.com/Checkout?step=2',
		'10',
		'1,000',
		'0,5',
		'-3.5',
		'.5',
		'abc|pro',
		'',
		' ',
		'true',
		'RuleData',
		'DE',
	),
	fc.constantFrom(0, 10, 1000, 0.5, -3.5, 42, 1e21),
	fc.boolean(),
	fc.constant(null),
	fc.constantFrom(['pro', 'DE'], [10, '10'], [], ['Pro']),
	fc.constantFrom({ pro: 1 }, {}, { DE: true }),
	fc.string({ maxLength: 6 }),
);

/** What rules compare against: mostly the same values, plus patterns, pipes and lists for isIn. */
const ruleValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: propertyValue },
	{
		weight: 2,
		arbitrary: fc.constantFrom(
			'PRO',
			'shop.example',
			'https://',
			'/cart',
			'^https?://shop',
			'check.*step=\\d',
			'(',
			'[a-',
			'pro|basic',
			'DE|FR',
			'5',
			'1000',
			'0,500',
		),
	},
	{ weight: 1, arbitrary: fc.constantFrom(['pro', 'basic'], ['PRO'], ['10', 'de'], 'x') },
);

const MATCH_TYPES = [...Object.keys(COMPARISONS), 'bogus'];

const rule: fc.Arbitrary<Record<string, unknown>> = fc
	.record({
		key: fc.oneof(
			{ weight: 12, arbitrary: fc.constantFrom(...PROPERTY_KEYS) },
			{ weight: 1, arbitrary: fc.constantFrom('missing', 'URL', 7) },
		),
		type: fc.constantFrom(...MATCH_TYPES),
		negated: fc.oneof(
			{ weight: 10, arbitrary: fc.boolean() },
			{ weight: 1, arbitrary: fc.constant('yes') },
		),
		value: fc.option(ruleValue, { freq: 12, nil: undefined }),
	})
	.map(({ key, type, negated, value }) => ({
		rule_type: 'generic_key_value',
		key,
		matching: { match_type: type, negated },
		...(value === undefined ? {} : { value }),
	}));

const limited = <T,>(a: fc.Arbitrary<T>, max: number) =>
	fc.array(a, { minLength: 1, maxLength: max });

/** OR → AND → OR_WHEN, now and then with an empty or missing level (which matches nothing). */
const ruleTree: fc.Arbitrary<unknown> = fc.oneof(
	{
		weight: 12,
		arbitrary: limited(limited(limited(rule, 3), 3), 2).map((or) => ({
			OR: or.map((and) => ({ AND: and.map((whens) => ({ OR_WHEN: whens })) })),
		})),
	},
	{ weight: 1, arbitrary: fc.constantFrom({}, { OR: [] }, { OR: [{ AND: [] }] }, { OR: [{}] }) },
);

function pickSome<T>(list: T[]): fc.Arbitrary<T[]> {
	return list.length === 0 ? fc.constant([]) : fc.subarray(list, { minLength: 0 });
}

const FEATURE_TYPES = ['boolean', 'integer', 'float', 'string', 'json', 'color'];

const config: fc.Arbitrary<Config> = fc
	.record({
		audienceCount: fc.integer({ min: 0, max: 4 }),
		segmentCount: fc.integer({ min: 0, max: 3 }),
		locationCount: fc.integer({ min: 0, max: 3 }),
		featureCount: fc.integer({ min: 0, max: 3 }),
		experienceCount: fc.integer({ min: 1, max: 5 }),
	})
	.chain((counts) => {
		const audienceIds = Array.from({ length: counts.audienceCount }, (_, i) => `10${i}`);
		const segmentIds = Array.from({ length: counts.segmentCount }, (_, i) => `20${i}`);
		const locationIds = Array.from({ length: counts.locationCount }, (_, i) => `30${i}`);
		const featureIds = Array.from({ length: counts.featureCount }, (_, i) => `40${i}`);
		const features = fc.tuple(
			...featureIds.map((id, i) =>
				fc
					.array(
						fc.record({
							key: fc.constantFrom('a', 'b', 'c', 'd'),
							type: fc.constantFrom(...FEATURE_TYPES),
						}),
						{
							maxLength: 4,
						},
					)
					.map((variables) => ({ id, key: `feature${i}`, name: `Feature ${i}`, variables })),
			),
		);
		const variableValue = fc.oneof(
			fc.constantFrom('true', 'false', '12.5', '0x1A', '{"x":1}', 'not json', '', '7'),
			fc.constantFrom(true, false, 3, 2.75, null),
			fc.constant({ nested: [1, 2] }),
		);
		const change = fc.oneof(
			fc.record({
				type: fc.constant('fullStackFeature'),
				data: fc.record({
					feature_id: fc.constantFrom(...featureIds, '499', ''),
					variables_data: fc.option(
						fc.dictionary(fc.constantFrom('a', 'b', 'c', 'e'), variableValue),
						{
							nil: undefined,
						},
					),
				}),
			}),
			fc.record({ type: fc.constant('customCode'), data: fc.constant({ js: '' }) }),
		);
		const variation = fc.record(
			{
				id: fc.integer({ min: 1, max: 99_999 }).map(String),
				key: fc.string({ minLength: 1, maxLength: 4 }),
				traffic_allocation: fc.oneof(
					fc.integer({ min: 1, max: 100 }),
					fc.double({ min: 0.5, max: 100, noNaN: true }),
					fc.constant(0),
					fc.constant(undefined),
				),
				status: fc.constantFrom('running', 'running', 'stopped', undefined),
				changes: fc.array(change, { maxLength: 3 }),
			},
			{ requiredKeys: ['id', 'key', 'changes'] },
		);
		const experience = fc.record(
			{
				version: fc.constantFrom(undefined, 6, 11),
				environment: fc.constantFrom(undefined, undefined, ENVIRONMENT, 'staging'),
				locations: fc.oneof(
					pickSome(locationIds),
					pickSome([...locationIds, '399']),
					fc.constant(locationIds.map(Number)),
				),
				site_area: fc.option(ruleTree, { freq: 2, nil: undefined }),
				audiences: fc.oneof(
					{ weight: 5, arbitrary: pickSome([...audienceIds, ...segmentIds]) },
					{ weight: 1, arbitrary: pickSome([...audienceIds, '199', ...segmentIds.map(Number)]) },
				),
				matching: fc.constantFrom('any', 'all'),
				variations: fc.array(variation, { minLength: 0, maxLength: 4 }),
			},
			{ requiredKeys: ['locations', 'audiences', 'matching', 'variations'] },
		);
		return fc.record({
			audiences: fc.tuple(
				...audienceIds.map((id, i) =>
					fc.record({
						id: fc.constant(id),
						key: fc.constant(`audience${i}`),
						type: fc.constantFrom('transient', 'permanent'),
						rules: fc.option(ruleTree, { freq: 8, nil: undefined }),
					}),
				),
			),
			segments: fc.tuple(
				...segmentIds.map((id, i) =>
					fc.record({ id: fc.constant(id), key: fc.constant(`segment${i}`), rules: ruleTree }),
				),
			),
			locations: fc.tuple(
				...locationIds.map((id, i) =>
					fc.record({
						id: fc.constant(id),
						key: fc.constant(`location${i}`),
						rules: fc.option(ruleTree, { freq: 8, nil: undefined }),
					}),
				),
			),
			features,
			experiences: fc.tuple(...Array.from({ length: counts.experienceCount }, () => experience)),
			archiveFirst: fc.boolean().map((b) => b && counts.experienceCount > 1),
		});
	})
	.map((c) => ({
		account_id: '100',
		project: { id: '200', settings: {} },
		goals: [],
		audiences: c.audiences,
		segments: c.segments,
		locations: c.locations,
		features: c.features,
		archived_experiences: c.archiveFirst ? ['5000'] : [],
		experiences: c.experiences.map(({ matching, ...e }, i) => ({
			...e,
			id: String(5000 + i),
			key: `exp${i}`,
			name: `Experience ${i}`,
			status: 'active',
			type: 'a/b',
			settings: { matching_options: { audiences: matching } },
		})),
	}));

const properties: fc.Arbitrary<Properties> = fc.dictionary(
	fc.constantFrom(...PROPERTY_KEYS.filter((k) => k !== 'customSegments')),
	propertyValue,
	{ maxKeys: 5 },
);

const visitor = fc.record({
	id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 })),
	visitorProperties: properties,
	locationProperties: properties,
});

interface Visitor {
	id: string;
	visitorProperties: Properties;
	locationProperties: Properties;
}

async function sdkFor(data: Config) {
	// the SDK casts feature variables in place: each instance gets its own copy
	const sdk = new ConvertSDK({
		data: structuredClone(data),
		environment: ENVIRONMENT,
		network: { tracking: false },
		logger: { logLevel: SILENT },
	});
	await sdk.onReady();
	return sdk;
}

/** A context of the SDK for one visitor, placed in the segments their properties match, one segment per call. */
function contextFor(sdk: Awaited<ReturnType<typeof sdkFor>>, data: Config, v: Visitor) {
	const context = sdk.createContext(v.id);
	for (const segment of data.segments)
		context.runCustomSegments([segment.key as string], { ruleData: v.visitorProperties });
	return context;
}

const idOf = (answer: unknown): string | null =>
	typeof answer === 'object' && answer !== null ? String((answer as { id: unknown }).id) : null;

function ours(data: Config, v: Visitor): Decision[] {
	const state = visitorState(data, v.visitorProperties);
	return data.experiences.map((experience) =>
		decideExperience(data, experience, v.id, {
			visitor: state,
			locationProperties: v.locationProperties,
			environment: ENVIRONMENT,
		}),
	);
}

test('single rules: every comparison, negated or not, matches exactly where the SDK says it does', async () => {
	const outcomes: Record<string, { matched: number; not: number }> = {};
	const mismatches: unknown[] = [];
	const samples = fc.sample(fc.tuple(rule, properties, propertyValue, fc.boolean(), fc.uuid()), {
		numRuns: 8000,
		seed: 20261202,
	});
	for (const [r, others, value, keyed, visitorId] of samples) {
		// most rules meet their property; some meet a visitor without it
		const props = keyed && typeof r.key === 'string' ? { ...others, [r.key]: value } : others;
		const data = {
			account_id: '100',
			project: { id: '200', settings: {} },
			audiences: [
				{ id: '1', key: 'a', type: 'transient', rules: { OR: [{ AND: [{ OR_WHEN: [r] }] }] } },
			],
			experiences: [
				{
					id: '9',
					key: 'e',
					status: 'active',
					audiences: ['1'],
					settings: { matching_options: { audiences: 'any' } },
					variations: [{ id: '1', key: 'v', traffic_allocation: 100 }],
				},
			],
		};
		const sdk = new ConvertSDK({
			data,
			environment: ENVIRONMENT,
			network: { tracking: false },
			logger: { logLevel: SILENT },
		});
		await sdk.onReady();
		const expected =
			idOf(
				sdk
					.createContext(visitorId)
					.runExperience('e', { visitorProperties: props, locationProperties: {} }),
			) === '1';
		const matched = rulesMatch(props, data.audiences[0].rules);
		const type = String((r.matching as { match_type: string }).match_type);
		const tally = (outcomes[type] ??= { matched: 0, not: 0 });
		if (expected) tally.matched++;
		else tally.not++;
		if (matched !== expected) mismatches.push({ rule: r, props, sdk: expected, ours: matched });
	}
	expect(mismatches.slice(0, 3)).toEqual([]);
	expect(mismatches.length).toBe(0);
	// each comparison was seen both matching and not matching, so the suite can tell a wrong comparison apart
	for (const type of Object.keys(COMPARISONS)) {
		expect([type, (outcomes[type]?.matched ?? 0) > 10]).toEqual([type, true]);
		expect([type, (outcomes[type]?.not ?? 0) > 10]).toEqual([type, true]);
	}
	expect(outcomes.bogus.matched).toBe(0);
});

test('≥ 20,000 visitor × experience decisions with targeting, and every visitor’s full list, as runExperience / runExperiences decide', async () => {
	let cases = 0;
	let lists = 0;
	const byRule: Record<string, number> = {};
	const mismatches: unknown[] = [];
	const samples = fc.sample(
		fc.tuple(
			config,
			fc.uniqueArray(visitor, { minLength: 8, maxLength: 8, selector: (v) => v.id }),
		),
		{
			numRuns: 900,
			seed: 20261203,
		},
	);
	for (const [data, visitors] of samples) {
		const one = await sdkFor(data);
		const all = await sdkFor(data);
		for (const v of visitors) {
			const attributes = {
				visitorProperties: v.visitorProperties,
				locationProperties: v.locationProperties,
			};
			const decisions = ours(data, v);
			const context = contextFor(one, data, v);
			data.experiences.forEach((experience, i) => {
				const expected = idOf(context.runExperience(experience.key as string, attributes));
				const decision = decisions[i];
				const got = decision.bucketed ? decision.variationId : null;
				cases++;
				const rule = decision.bucketed ? 'bucketed' : decision.rule;
				byRule[rule] = (byRule[rule] ?? 0) + 1;
				if (got !== expected)
					mismatches.push({
						data,
						visitor: v,
						experience: experience.key,
						sdk: expected,
						ours: decision,
					});
			});
			const listed = contextFor(all, data, v).runExperiences(attributes) as Array<{
				experienceId: unknown;
				id: unknown;
			}>;
			const expectedList = listed.map((x) => [String(x.experienceId), String(x.id)]);
			const ourList = decisions.flatMap((d) =>
				d.bucketed ? [[String(d.experience.id), d.variationId]] : [],
			);
			lists++;
			if (JSON.stringify(ourList) !== JSON.stringify(expectedList))
				mismatches.push({ data, visitor: v, sdkList: expectedList, ours: ourList });
		}
	}
	expect(mismatches.slice(0, 2)).toEqual([]);
	expect(mismatches.length).toBe(0);
	expect(cases).toBeGreaterThanOrEqual(20_000);
	expect(lists).toBe(7200);
	// every check that keeps a visitor out was met, and most of them often
	for (const rule of [
		'bucketed',
		'location',
		'siteArea',
		'audience',
		'segment',
		'environment',
		'traffic',
	]) {
		expect([rule, (byRule[rule] ?? 0) > 400]).toEqual([rule, true]);
	}
	for (const rule of ['archived', 'noVariations'])
		expect([rule, (byRule[rule] ?? 0) > 20]).toEqual([rule, true]);
});

test("a visitor's features and their typed variables are the SDK's runFeatures answer", async () => {
	let visitors = 0;
	let enabled = 0;
	const mismatches: unknown[] = [];
	const samples = fc.sample(
		fc.tuple(
			config,
			fc.uniqueArray(visitor, { minLength: 5, maxLength: 5, selector: (v) => v.id }),
		),
		{
			numRuns: 1200,
			seed: 20261204,
		},
	);
	for (const [data, group] of samples) {
		const sdk = await sdkFor(data);
		for (const v of group) {
			const expected = contextFor(sdk, data, v).runFeatures({
				visitorProperties: v.visitorProperties,
				locationProperties: v.locationProperties,
			}) as unknown[];
			const got = decideFeatures(data, ours(data, v));
			visitors++;
			enabled += got.filter((f) => f.status === 'enabled').length;
			try {
				expect(got).toEqual(expected);
			} catch {
				mismatches.push({ data, visitor: v, sdk: expected, ours: got });
			}
		}
	}
	expect(mismatches.slice(0, 2)).toEqual([]);
	expect(mismatches.length).toBe(0);
	expect(visitors).toBe(6000);
	expect(enabled).toBeGreaterThan(300);
});
