// Convert's cross-SDK bucketing golden vectors: the 59 cases every Convert SDK must pass (packed layout for experience
// versions up to 11, anchored from 12). The fixture is Convert's own file, embedded unchanged:
// github.com/convertcom/javascript-sdk, packages/bucketing/tests/cross-sdk-bucketing-vectors.json (Apache-2.0).
import { type ConfigVariation, bucketVisitor } from '../../nodes/Convert/bucketing';
import vectors from './fixtures/cross-sdk-bucketing-vectors.json';

interface GoldenVector {
	description: string;
	experienceId: string;
	visitorId: string;
	version: number;
	variations: ConfigVariation[];
	expected: string | null;
}

const cases = vectors as GoldenVector[];

test('the fixture is the whole of Convert’s file: 59 cases, both layouts', () => {
	expect(cases).toHaveLength(59);
	expect(cases.filter((c) => c.version <= 11).length).toBe(19);
	expect(cases.filter((c) => c.version >= 12).length).toBe(40);
});

test.each(cases.map((c) => [c.description, c] as const))('%s', (_description, vector) => {
	const outcome = bucketVisitor(
		{ id: vector.experienceId, version: vector.version, variations: vector.variations },
		vector.visitorId,
	);
	expect(outcome.bucketed ? outcome.variationId : null).toBe(vector.expected);
	expect(outcome.layout).toBe(vector.version > 11 ? 'anchored' : 'packed');
});
