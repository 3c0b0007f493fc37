// Targeting parity: for generated project configs with locations, site areas, audiences, segments and full-stack
// features, and for generated visitors with visitor and location properties, the node's module decides exactly what
// the published @convertcom/js-sdk (4.4.3, used only here, as the oracle) decides with runExperience,
// runExperiences and runFeatures.
import fc from 'fast-check';

import {
	COMPARISONS,
	type Decision,
	decideExperience,
	decideFeatures,
	rulesMatch,
	visitorState,
} from '../../nodes/Convert/targeting';
import {
	type Config,
	config,
	ENVIRONMENT,
	properties,
	propertyValue,
	rule,
	type Visitor,
	visitor,
} from './targetingArbitraries.cjs';

interface SdkContext {
	runExperience(key: string, attributes: object): unknown;
	runExperiences(attributes: object): unknown;
	runFeatures(attributes: object): unknown;
	runCustomSegments(keys: string[], attributes: object): unknown;
}

const ConvertSDK = require('@convertcom/js-sdk').default as new (options: object) => {
	onReady(): Promise<void>;
	createContext(visitorId: string): SdkContext;
};

/** The SDK's LogLevel.SILENT */
const SILENT = 5;

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
