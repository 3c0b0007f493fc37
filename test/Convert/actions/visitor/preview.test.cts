// Visitor → Bucket's Preview Variation (Convert's SDK preview, from 5.0): a variation forced for QA, whatever the
// experience's targeting, status and traffic; the draft's experience read from its own config (the SDK key's, with
// `exp`); nothing reported to Convert, nothing stored for the other experiences.
import { convertNode, type CredentialStyle } from '../../../harness/convert.cjs';
import { convertSetups } from '../../../harness/convertSetups.cjs';

const newSetup = convertSetups();

interface Bucketed {
	variations: Array<{ experienceId: string; variationId: string; preview?: boolean }>;
	bucketingData: Record<string, string>;
}

async function previewed(
	previewVariation: string,
	extra: Record<string, unknown> = {},
	style: CredentialStyle = 'project',
) {
	const setup = await newSetup({}, style);
	const result = await setup.harness.run({
		nodeType: convertNode,
		parameters: {
			resource: 'visitor',
			operation: 'bucket',
			visitorId: 'qa@example.com',
			previewVariation,
			...extra,
		},
		items: [{}],
		credentials: setup.credentials,
	});
	return { result, json: result.items[0]?.json as unknown as Bucketed, fake: setup.fake };
}

test('a running experience: the forced variation comes last, marked preview, and stays out of bucketingData', async () => {
	const { json } = await previewed('2001.3001');
	expect(json.variations.at(-1)).toEqual(
		expect.objectContaining({ experienceId: '2001', variationId: '3001', preview: true }),
	);
	expect(json.variations.filter((v) => v.experienceId === '2001')).toHaveLength(1);
	expect(json.bucketingData).not.toHaveProperty('2001');
});

test('a draft the config does not hold: read from the SDK key config scoped to it (exp, past the cache, with the debug token)', async () => {
	const { json, fake } = await previewed('2003.3202', {}, 'sdkKey');
	expect(json.variations.at(-1)).toEqual(
		expect.objectContaining({ experienceId: '2003', variationId: '3202', preview: true }),
	);
	const scoped = fake.config.requests.filter((r) => r.query.exp !== undefined);
	expect(
		scoped.map((r) => [r.query.exp, r.query._conv_low_cache, r.headers['convert-debug-token']]),
	).toEqual([['2003', '1', expect.any(String)]]);
});

test('Send Bucketing Events on: a preview reports nothing to Convert', async () => {
	const { result, fake } = await previewed('2001.3001', { sendEvents: true });
	expect(result.error).toBeUndefined();
	expect(fake.metrics.requests).toHaveLength(0);
});

test('a variation the experience does not have is refused, naming the item and the field', async () => {
	const { result } = await previewed('2001.9999');
	expect(result.error?.message).toBe(
		'Item 0: Preview Variation names variation 9999, which experience 2001 does not have',
	);
});

test('a value that is not experience.variation is refused, naming the item and the field; nothing is fetched', async () => {
	const { result, fake } = await previewed('2001-3001');
	expect(result.error?.message).toBe(
		'Item 0: Preview Variation must be an experience ID and a variation ID joined by a dot, e.g. 100111.100901; got "2001-3001"',
	);
	expect(fake.config.requests).toHaveLength(0);
});

test('a draft without an SDK key in the credential: the error says the preview needs one', async () => {
	const { result } = await previewed('2003.3202');
	expect(result.error?.message).toBe(
		'Experience 2003 is not in the project config: previewing it needs an SDK key in the Convert credential',
	);
});
