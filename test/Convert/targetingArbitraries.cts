// What the Convert parity suites generate: project configs (locations, site areas, audiences, segments, full-stack
// features, experiences), rules of every comparison, and visitors with visitor and location properties.
import fc from 'fast-check';

import type { ConfigExperience } from '../../nodes/Convert/bucketing';
import { COMPARISONS, type Properties } from '../../nodes/Convert/targeting';

export type Config = Record<string, unknown> & {
	segments: Array<Record<string, unknown>>;
	experiences: Array<ConfigExperience & Record<string, unknown>>;
};

export const ENVIRONMENT = 'live';
export const PROPERTY_KEYS = [
	'url',
	'plan',
	'age',
	'score',
	'tags',
	'country',
	'name',
	'customSegments',
];

/** Values visitors and pages carry: text in several cases, numbers as numbers and as text, lists, objects. */
export const propertyValue: fc.Arbitrary<unknown> = fc.oneof(
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

export const rule: fc.Arbitrary<Record<string, unknown>> = fc
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
export const ruleTree: fc.Arbitrary<unknown> = fc.oneof(
	{
		weight: 12,
		arbitrary: limited(limited(limited(rule, 3), 3), 2).map((or) => ({
			OR: or.map((and) => ({ AND: and.map((whens) => ({ OR_WHEN: whens })) })),
		})),
	},
	{ weight: 1, arbitrary: fc.constantFrom({}, { OR: [] }, { OR: [{ AND: [] }] }, { OR: [{}] }) },
);

export function pickSome<T>(list: T[]): fc.Arbitrary<T[]> {
	return list.length === 0 ? fc.constant([]) : fc.subarray(list, { minLength: 0 });
}

const FEATURE_TYPES = ['boolean', 'integer', 'float', 'string', 'json', 'color'];

export const config: fc.Arbitrary<Config> = fc
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

export const properties: fc.Arbitrary<Properties> = fc.dictionary(
	fc.constantFrom(...PROPERTY_KEYS.filter((k) => k !== 'customSegments')),
	propertyValue,
	{ maxKeys: 5 },
);

export const visitor = fc.record({
	id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 })),
	visitorProperties: properties,
	locationProperties: properties,
});

export interface Visitor {
	id: string;
	visitorProperties: Properties;
	locationProperties: Properties;
}
