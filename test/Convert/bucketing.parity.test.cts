// Bucketing parity: for generated project configs and visitors, the node's local bucketing picks exactly the
// variation that the published @convertcom/js-sdk (4.4.3, used only here, as the oracle) picks.
import fc from 'fast-check';

import {
	type ConfigExperience,
	type ConfigVariation,
	bucketOf,
	bucketVisitor,
	murmurHash3,
} from '../../nodes/Convert/bucketing';

const ConvertSDK = require('@convertcom/js-sdk').default as new (options: object) => {
	onReady(): Promise<void>;
	createContext(visitorId: string): { runExperience(key: string, attributes: object): unknown };
};

/** Variation ids as Convert gives them (numeric strings), plus the shapes that change JavaScript's key order. */
const variationId = fc.oneof(
	{ weight: 6, arbitrary: fc.integer({ min: 1, max: 99_999_999 }).map(String) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 999 }).map((n) => `0${n}`) },
	{
		weight: 1,
		arbitrary: fc.constantFrom('4294967294', '4294967295', '9007199254740993', '12345678901'),
	},
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 999 }).map((n) => `v${n}`) },
);

const allocation = fc.oneof(
	{ weight: 6, arbitrary: fc.integer({ min: 1, max: 100 }) },
	{ weight: 3, arbitrary: fc.double({ min: 0.01, max: 100, noNaN: true }) },
	{ weight: 1, arbitrary: fc.constant(0) },
	{ weight: 1, arbitrary: fc.constant(undefined) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
);

const variation: fc.Arbitrary<ConfigVariation> = fc.record(
	{
		id: variationId,
		key: fc.string({ minLength: 1, maxLength: 6 }),
		traffic_allocation: allocation,
		status: fc.oneof(
			{ weight: 5, arbitrary: fc.constant('running') },
			{ weight: 2, arbitrary: fc.constant('stopped') },
			{ weight: 2, arbitrary: fc.constant(undefined) },
		),
	},
	{ requiredKeys: ['id', 'key'] },
);

const experience = fc.record({
	id: fc.integer({ min: 1, max: 999_999_999 }).map(String),
	// the SDK 4.x has the packed layout only; the anchored layout (version > 11) is tested on its own
	version: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 11 })),
	variations: fc.array(variation, { minLength: 1, maxLength: 6 }),
});

const visitorId = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.uuid() },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map((n) => `${n}-0.${n % 9973}`) },
);

const configs = fc.record({
	experiences: fc.uniqueArray(experience, { minLength: 1, maxLength: 5, selector: (e) => e.id }),
	visitors: fc.uniqueArray(visitorId, { minLength: 10, maxLength: 25 }),
});

async function oracle(
	experiences: ConfigExperience[],
	visitors: string[],
): Promise<Array<string | null>> {
	const data = {
		account_id: '100',
		project: { id: '200', settings: {} },
		goals: [],
		audiences: [],
		segments: [],
		locations: [],
		experiences: experiences.map((e, i) => ({
			...e,
			key: `exp${i}`,
			name: `Experience ${i}`,
			status: 'active',
			type: 'a/b',
		})),
	};
	const sdk = new ConvertSDK({ data, network: { tracking: false } });
	await sdk.onReady();
	const answers: Array<string | null> = [];
	for (const visitor of visitors) {
		const context = sdk.createContext(visitor);
		for (let i = 0; i < experiences.length; i++) {
			const picked = context.runExperience(`exp${i}`, { locationProperties: {} }) as
				{ id?: unknown } | string | null;
			answers.push(typeof picked === 'object' && picked !== null ? String(picked.id) : null);
		}
	}
	return answers;
}

test('MurmurHash3 x86-32 matches the published reference vectors', () => {
	expect(murmurHash3('', 0)).toBe(0);
	expect(murmurHash3('', 1)).toBe(0x514e28b7);
	expect(murmurHash3('Hello, world!', 1234)).toBe(0xfaf6cdb3);
	expect(murmurHash3('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723);
	expect(murmurHash3('aaaa', 0x9747b28c)).toBe(0x5a97808a);
	expect(murmurHash3('abc', 0)).toBe(0xb3dd93fa);
	expect(bucketOf('100', 'visitor', 9999)).toBeGreaterThanOrEqual(0);
	expect(bucketOf('100', 'visitor', 9999)).toBeLessThan(10000);
});

test('the node buckets ≥ 10,000 visitor × experience cases exactly as @convertcom/js-sdk does', async () => {
	let cases = 0;
	let decided = 0;
	const mismatches: unknown[] = [];
	const samples = fc.sample(configs, { numRuns: 260, seed: 20261124 });
	for (const { experiences, visitors } of samples) {
		const expected = await oracle(experiences, visitors);
		let k = 0;
		for (const visitor of visitors) {
			for (const exp of experiences) {
				const outcome = bucketVisitor(exp, visitor);
				const ours = outcome.bucketed ? outcome.variationId : null;
				cases++;
				if (ours !== null) decided++;
				if (ours !== expected[k])
					mismatches.push({ visitor, experience: exp, ours, sdk: expected[k] });
				k++;
			}
		}
	}
	expect(mismatches.slice(0, 3)).toEqual([]);
	expect(mismatches.length).toBe(0);
	expect(cases).toBeGreaterThanOrEqual(10_000);
	// the generated configs exercise both outcomes: most visitors get a variation, some fall outside the traffic
	expect(decided).toBeGreaterThan(cases / 2);
	expect(decided).toBeLessThan(cases);
});

test('uneven allocations split visitors in proportion, as the SDK does', async () => {
	const exp: ConfigExperience = {
		id: '3001',
		variations: [
			{ id: '900', traffic_allocation: 25, status: 'running' },
			{ id: '12', traffic_allocation: 75 },
			{ id: '55', traffic_allocation: 30, status: 'stopped' },
		],
	};
	const visitors = Array.from({ length: 4000 }, (_, i) => `visitor-${i}`);
	const expected = await oracle([exp], visitors);
	const counts: Record<string, number> = {};
	visitors.forEach((v, i) => {
		const outcome = bucketVisitor(exp, v);
		expect(outcome.bucketed ? outcome.variationId : null).toBe(expected[i]);
		const id = outcome.bucketed ? outcome.variationId : 'none';
		counts[id] = (counts[id] ?? 0) + 1;
	});
	expect(counts['55']).toBeUndefined();
	expect(counts['12'] / 4000).toBeGreaterThan(0.72);
	expect(counts['12'] / 4000).toBeLessThan(0.78);
	expect(counts['900'] + counts['12']).toBe(4000);
});

describe('anchored layout (version > 11)', () => {
	const base = (variations: ConfigVariation[]): ConfigExperience => ({
		id: '777',
		version: 12,
		variations,
	});

	test('variations own their slots in config order, whatever their ids', () => {
		const exp = base([
			{ id: '900', traffic_allocation: 50 },
			{ id: '12', traffic_allocation: 50 },
		]);
		for (let i = 0; i < 2000; i++) {
			const outcome = bucketVisitor(exp, `v${i}`);
			expect(outcome.bucketed).toBe(true);
			if (outcome.bucketed) expect(outcome.variationId).toBe(outcome.bucket < 5000 ? '900' : '12');
			expect(outcome.layout).toBe('anchored');
		}
	});

	test("stopping a variation leaves the others' visitors where they were; its own visitors get none", () => {
		const running = base([
			{ id: '1', traffic_allocation: 34 },
			{ id: '2', traffic_allocation: 33 },
			{ id: '3', traffic_allocation: 33 },
		]);
		const stopped = base([
			{ id: '1', traffic_allocation: 34 },
			{ id: '2', traffic_allocation: 33, status: 'stopped' },
			{ id: '3', traffic_allocation: 33 },
		]);
		for (let i = 0; i < 3000; i++) {
			const before = bucketVisitor(running, `visitor${i}`);
			const after = bucketVisitor(stopped, `visitor${i}`);
			expect(before.bucketed).toBe(true);
			if (!before.bucketed) continue;
			if (before.variationId === '2') expect(after.bucketed).toBe(false);
			else expect(after.bucketed && after.variationId).toBe(before.variationId);
		}
	});

	test('the packed layout of the same experience moves visitors when one stops (why anchored exists)', () => {
		const running = {
			id: '777',
			variations: [
				{ id: '1', traffic_allocation: 50 },
				{ id: '2', traffic_allocation: 50 },
			],
		};
		const stopped = {
			id: '777',
			variations: [
				{ id: '1', traffic_allocation: 50, status: 'stopped' },
				{ id: '2', traffic_allocation: 50 },
			],
		};
		let moved = 0;
		for (let i = 0; i < 1000; i++) {
			const a = bucketVisitor(running, `x${i}`);
			const b = bucketVisitor(stopped, `x${i}`);
			if (a.bucketed && a.variationId === '2' && !(b.bucketed && b.variationId === '2')) moved++;
		}
		expect(moved).toBeGreaterThan(0);
	});
});
