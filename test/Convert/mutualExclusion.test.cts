// Convert's mutual-exclusion audience rule (`bucketed_into_experience_key`, Convert's SDK from 5.0): Convert's own
// cross-SDK fixture, its 8 rows (fixtures/mutual-exclusion-rule-fixture.json, copied unchanged from
// github.com/convertcom/javascript-sdk at 8abe059, packages/data/tests/), decided by the node and by the reference
// (test/harness/convertSdk5.cts); then generated projects with such rules, and visitors with stored bucketing,
// decided by the node (Visitor → Bucket's decideAll) as the reference decides them, and the features that follow.
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { decideAll } from '../../nodes/Convert/actions/visitor/decide';
import {
	type Decision,
	decideExperience,
	decideFeatures,
	visitorState,
} from '../../nodes/Convert/targeting';
import { referenceSdk, type Sdk, storeBucketing, unresolvedKeys } from '../harness/convertSdk5.cjs';
import fixture from './fixtures/mutual-exclusion-rule-fixture.json';
import {
	type Config,
	config,
	ENVIRONMENT,
	type Visitor,
	visitor,
} from './targetingArbitraries.cjs';

interface Row {
	row: number;
	description: string;
	storedBucketing: Record<string, string>;
	dataStoreOnly: boolean;
	ruleValue: string;
	negated: boolean;
	expectedMatched: boolean;
	expectWarn: boolean;
}
const ROWS = fixture.rows as unknown as Row[];

const ACCOUNT_ID = 'qs-03-account';
const PROJECT_ID = 'qs-03-project';
const AUDIENCE_ID = 'qs-03-exclusion-audience';

/** As Convert's fixture test builds it: exp-b holds the row's exclusion audience ("all" its audiences) */
function rowConfig(row: Row) {
	const audience = {
		id: AUDIENCE_ID,
		key: AUDIENCE_ID,
		type: 'transient',
		status: 'active',
		rules: {
			OR: [
				{
					AND: [
						{
							OR_WHEN: [
								{
									...fixture.ruleDefaults,
									matching: { ...fixture.ruleDefaults.matching, negated: row.negated },
									value: row.ruleValue,
								},
							],
						},
					],
				},
			],
		},
	};
	return {
		account_id: ACCOUNT_ID,
		project: { id: PROJECT_ID },
		experiences: fixture.config.experiences.map((experience) =>
			experience.key === 'exp-b'
				? {
						...experience,
						audiences: [AUDIENCE_ID],
						settings: { matching_options: { audiences: 'all' } },
					}
				: experience,
		),
		audiences: [audience],
	};
}

test('the fixture is the one Convert ships: 8 rows, 4 matching, 2 with a key the config lacks', () => {
	expect(ROWS.map((row) => row.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	expect(ROWS.filter((row) => row.expectedMatched)).toHaveLength(4);
	expect(ROWS.filter((row) => row.expectWarn).map((row) => row.ruleValue)).toEqual([
		'exp-zz',
		'exp-zz',
	]);
});

test.each(ROWS)('the node, row $row: $description', (row) => {
	const data = rowConfig(row);
	const experience = data.experiences[1];
	const stored = new Map(Object.entries(row.storedBucketing));
	const decision = decideExperience(data, experience, `visitor-row-${row.row}`, {
		visitor: visitorState(data, {}),
		locationProperties: {},
		stored,
	});
	expect(decision.bucketed).toBe(row.expectedMatched);
	// reading the rule buckets nobody into its experience: the stored bucketing is as it was
	expect(Object.fromEntries(stored)).toEqual(row.storedBucketing);
	if (!decision.bucketed) {
		expect(decision.rule).toBe('mutualExclusion');
		expect(decision.reason.includes(`experience "${row.ruleValue}"`)).toBe(true);
		expect(decision.reason.includes('is not in the project config')).toBe(row.expectWarn);
	}
});

test.each(ROWS)('the reference, row $row: $description', async (row) => {
	const visitorId = `visitor-row-${row.row}`;
	const data = rowConfig(row);
	// row 8: the bucketing only in the SDK's DataStore, never in its memory
	const store: Record<string, unknown> = {};
	const dataStore = {
		get: (key: string) => (key ? store[key] : store),
		set: (key: string, value: unknown) => void (store[key] = value),
	};
	if (row.dataStoreOnly)
		store[`${ACCOUNT_ID}-${PROJECT_ID}-${visitorId}`] = { bucketing: row.storedBucketing };
	const sdk = await referenceSdk(data, row.dataStoreOnly ? { dataStore } : {});
	if (!row.dataStoreOnly) storeBucketing(sdk, visitorId, row.storedBucketing);
	unresolvedKeys.length = 0;
	const answer = sdk
		.createContext(visitorId)
		.runExperience('exp-b', { visitorProperties: {}, locationProperties: {} });
	expect(Boolean(answer)).toBe(row.expectedMatched);
	expect(unresolvedKeys.includes(row.ruleValue)).toBe(row.expectWarn);
});

const TARGETS = ['exp0', 'exp1', 'exp2', 'exp3', 'exp4', 'exp9'];

/** A mutual-exclusion rule element: a target key (exp9 is in no config), negated or not (now and then as text) */
const exclusionRule = fc
	.record({
		target: fc.constantFrom(...TARGETS),
		negated: fc.oneof(
			{ weight: 8, arbitrary: fc.boolean() },
			{ weight: 1, arbitrary: fc.constantFrom('yes', 0, undefined) },
		),
	})
	.map(({ target, negated }) => ({
		rule_type: 'bucketed_into_experience_key',
		matching: { match_type: 'equals', ...(negated === undefined ? {} : { negated }) },
		value: target,
	}));

/** A config of the parity suite, given 1 to 3 audiences holding a mutual-exclusion rule, each on some experiences */
const exclusionConfig: fc.Arbitrary<Config> = config.chain((data) =>
	fc
		.array(
			fc.record({
				rule: exclusionRule,
				// the rule alone, or beside generic rules of the same tree (which it overrides)
				neighbour: fc.constantFrom('alone', 'before', 'after', 'otherBlock'),
				type: fc.constantFrom('transient', 'permanent'),
				on: fc.subarray(
					data.experiences.map((_e, i) => i),
					{ minLength: 1 },
				),
			}),
			{ minLength: 1, maxLength: 3 },
		)
		.chain((added) =>
			fc.tuple(
				fc.constant(added),
				// most experiences open to every page and environment, so that the audiences decide
				fc.array(fc.boolean(), {
					minLength: data.experiences.length,
					maxLength: data.experiences.length,
				}),
			),
		)
		.map(([added, restricted]) => {
			const generic = {
				rule_type: 'generic_key_value',
				key: 'plan',
				matching: { match_type: 'equals', negated: false },
				value: 'pro',
			};
			const audiences = added.map(({ rule, neighbour, type }, i) => ({
				id: `60${i}`,
				key: `exclusion${i}`,
				type,
				rules: {
					OR: [
						...(neighbour === 'otherBlock' ? [{ AND: [{ OR_WHEN: [generic] }] }] : []),
						{
							AND: [
								{
									OR_WHEN:
										neighbour === 'before'
											? [generic, rule]
											: neighbour === 'after'
												? [rule, generic]
												: [rule],
								},
							],
						},
					],
				},
			}));
			const experiences = data.experiences.map((experience, i) => ({
				...experience,
				...(restricted[i] ? {} : { locations: [], site_area: undefined, environment: undefined }),
				audiences: [
					...(experience.audiences as unknown[]),
					...added.flatMap(({ on }, a) => (on.includes(i) ? [`60${a}`] : [])),
				],
			}));
			return { ...data, audiences: [...(data.audiences as unknown[]), ...audiences], experiences };
		}),
);

/** What a visitor brings: a variation of some experiences from an earlier session (now and then one no longer there) */
const storedFor = (data: Config) =>
	fc
		.constant(
			data.experiences.filter((e) => Array.isArray(e.variations) && e.variations.length > 0),
		)
		.chain((withVariations) =>
			fc.subarray(withVariations, { maxLength: Math.min(2, withVariations.length) }),
		)
		.chain((experiences) =>
			fc.tuple(
				...experiences.map((experience) =>
					fc
						.constantFrom(
							...(experience.variations as Array<{ id: string }>).map((v) => v.id),
							'77777',
						)
						.map((variationId) => [String(experience.id), variationId] as const),
				),
			),
		)
		.map((pairs) => Object.fromEntries(pairs));

const idOf = (answer: unknown): string | null =>
	typeof answer === 'object' && answer !== null ? String((answer as { id: unknown }).id) : null;

/** A context of the reference for one visitor: their stored bucketing, then their segments, one per call */
function contextFor(sdk: Sdk, data: Config, v: Visitor, stored: Record<string, string>) {
	storeBucketing(sdk, v.id, stored);
	const context = sdk.createContext(v.id);
	for (const segment of data.segments)
		context.runCustomSegments([segment.key as string], { ruleData: v.visitorProperties });
	return context;
}

function ours(data: Config, v: Visitor, stored: Record<string, string>): Decision[] {
	return decideAll(
		data as IDataObject,
		data.experiences as Array<Config['experiences'][number] & IDataObject>,
		v.id,
		{
			apply: true,
			visitorProperties: v.visitorProperties,
			locationProperties: v.locationProperties,
		},
		ENVIRONMENT,
		new Map(Object.entries(stored)),
	).map(({ decision }) => decision);
}

/** Generated projects with mutual-exclusion rules, each with `visitors` visitors and their stored bucketing */
const projectsWithVisitors = (visitors: number, numRuns: number, seed: number) =>
	fc.sample(
		exclusionConfig.chain((data) =>
			fc.tuple(
				fc.constant(data),
				fc.uniqueArray(fc.tuple(visitor, storedFor(data)), {
					minLength: visitors,
					maxLength: visitors,
					selector: ([v]) => v.id,
				}),
			),
		),
		{ numRuns, seed },
	);

test('≥ 8,000 decisions in projects with mutual-exclusion rules, for visitors with and without stored bucketing, as the reference decides them one by one and all at once', async () => {
	let cases = 0;
	const byRule: Record<string, number> = {};
	const mismatches: unknown[] = [];
	const samples = projectsWithVisitors(6, 500, 20261205);
	for (const [data, visitors] of samples) {
		const one = await referenceSdk(data, { environment: ENVIRONMENT });
		const all = await referenceSdk(data, { environment: ENVIRONMENT });
		for (const [v, stored] of visitors) {
			const attributes = {
				visitorProperties: v.visitorProperties,
				locationProperties: v.locationProperties,
			};
			const decisions = ours(data, v, stored);
			const context = contextFor(one, data, v, stored);
			data.experiences.forEach((experience, i) => {
				const expected = idOf(context.runExperience(experience.key as string, attributes));
				const decision = decisions[i];
				const got = decision.bucketed ? decision.variationId : null;
				cases++;
				const rule = decision.bucketed ? (decision.stored ? 'stored' : 'bucketed') : decision.rule;
				byRule[rule] = (byRule[rule] ?? 0) + 1;
				if (got !== expected)
					mismatches.push({
						data,
						visitor: v,
						stored,
						experience: experience.key,
						sdk: expected,
						ours: decision,
					});
			});
			const listed = contextFor(all, data, v, stored).runExperiences(attributes) as Array<{
				experienceId: unknown;
				id: unknown;
			}>;
			const expectedList = listed.map((x) => [String(x.experienceId), String(x.id)]);
			const ourList = decisions.flatMap((d) =>
				d.bucketed ? [[String(d.experience.id), d.variationId]] : [],
			);
			if (JSON.stringify(ourList) !== JSON.stringify(expectedList))
				mismatches.push({ data, visitor: v, stored, sdkList: expectedList, ours: ourList });
		}
	}
	expect(mismatches.slice(0, 2)).toEqual([]);
	expect(mismatches.length).toBe(0);
	expect(cases).toBeGreaterThanOrEqual(8_000);
	// the rule kept visitors out and let them in, and stored variations were given again, often enough to tell
	for (const rule of ['mutualExclusion', 'bucketed', 'stored', 'audience'])
		expect([rule, (byRule[rule] ?? 0) > 200]).toEqual([rule, true]);
});

test("a visitor's features in projects with mutual-exclusion rules are the reference's runFeatures answer", async () => {
	let visitors = 0;
	let enabled = 0;
	const mismatches: unknown[] = [];
	const samples = projectsWithVisitors(4, 600, 20261206);
	for (const [data, group] of samples) {
		const sdk = await referenceSdk(data, { environment: ENVIRONMENT });
		for (const [v, stored] of group) {
			const expected = contextFor(sdk, data, v, stored).runFeatures({
				visitorProperties: v.visitorProperties,
				locationProperties: v.locationProperties,
			}) as unknown[];
			const got = decideFeatures(data, ours(data, v, stored));
			visitors++;
			enabled += got.filter((f) => f.status === 'enabled').length;
			try {
				expect(got).toEqual(expected);
			} catch {
				mismatches.push({ data, visitor: v, stored, sdk: expected, ours: got });
			}
		}
	}
	expect(mismatches.slice(0, 2)).toEqual([]);
	expect(mismatches.length).toBe(0);
	expect(visitors).toBe(2400);
	expect(enabled).toBeGreaterThan(200);
});
