// Visitor → Bucket against the Convert fake serving a config of Convert's SDK 5 (withMutualExclusion: the pricing
// page holds the audience "not bucketed into the checkout button experience"): the decisions of one call, made in
// config order, and the visitor's Stored Bucketing, as the SDK keeps them.
import { bucketVisitor, type ConfigExperience } from '../../../../nodes/Convert/bucketing';
import { convertNode } from '../../../harness/convert.cjs';
import { convertSetups } from '../../../harness/convertSetups.cjs';
import { sampleProject, withMutualExclusion } from '../../../fakes/convert.cjs';

const newSetup = convertSetups();

interface Bucketed {
	variations: Array<{ experienceId: string; variationId: string; stored?: boolean }>;
	notBucketed: Array<{ experienceId: string; rule: string; reason: string }>;
	bucketingData: Record<string, string>;
}

/** Bucket with targeting for `visitors`, on the fake's project with the mutual-exclusion audience */
async function bucketed(visitors: string[], extra: Record<string, unknown> = {}) {
	const setup = await newSetup();
	Object.assign(setup.fake.project, withMutualExclusion(setup.fake.project));
	const result = await setup.harness.run({
		nodeType: convertNode,
		parameters: {
			resource: 'visitor',
			operation: 'bucket',
			visitorId: '={{$json.visitor}}',
			pageUrl: 'https://shop.example.com/',
			...extra,
		},
		items: visitors.map((visitor) => ({ visitor })),
		credentials: setup.credentials,
	});
	expect(result.error).toBeUndefined();
	return { items: result.items.map((i) => i.json as unknown as Bucketed), fake: setup.fake };
}

const [checkout, pricing] = sampleProject().experiences as unknown as ConfigExperience[];
/** Three visitors the pricing page takes by traffic (its stopped variation's share takes nobody) */
const VISITORS = Array.from({ length: 40 }, (_, i) => `visitor-${i}@example.com`)
	.filter((visitor) => bucketVisitor(pricing, visitor).bucketed)
	.slice(0, 3);
/** Only the pricing page (2002) is asked about: the checkout test (2001) is not decided in the call */
const pricingOnly = { experiences: 'selected', experienceIds: ['2002'] };

test('the checkout test takes everyone; decided first in config order, it keeps them out of the pricing page by the mutual-exclusion rule', async () => {
	const { items } = await bucketed(VISITORS);
	for (const item of items) {
		expect(Object.keys(item.bucketingData)).toEqual(['2001']);
		expect(item.notBucketed).toEqual([
			{
				experienceId: '2002',
				experienceKey: 'pricing-page',
				rule: 'mutualExclusion',
				reason:
					'Mutual exclusion: audience not-in-checkout does not hold the visitor (the visitor is in experience "checkout-button")',
			},
		]);
	}
});

test('asked about the pricing page alone, with nothing stored, the visitors are let in', async () => {
	const { items } = await bucketed(VISITORS, pricingOnly);
	for (const item of items) expect(Object.keys(item.bucketingData)).toEqual(['2002']);
});

test('Stored Bucketing holding the checkout test keeps the visitor out of the pricing page', async () => {
	const { items } = await bucketed(VISITORS.slice(0, 1), {
		...pricingOnly,
		storedBucketing: '{"2001": "3001"}',
	});
	expect(items[0].bucketingData).toEqual({});
	expect(items[0].notBucketed.map((n) => n.rule)).toEqual(['mutualExclusion']);
});

test('a variation in the Stored Bucketing is given again, marked stored, whatever the hash would pick', async () => {
	const visitor = VISITORS[0];
	const hashed = bucketVisitor(checkout, visitor);
	const other = hashed.bucketed && hashed.variationId === '3001' ? '3002' : '3001';
	const { items } = await bucketed([visitor], { storedBucketing: { 2001: other } });
	expect(items[0].variations[0]).toEqual(
		expect.objectContaining({ experienceId: '2001', variationId: other, stored: true }),
	);
});

test('Send Bucketing Events reports the new decisions only: a stored variation is not reported again', async () => {
	const visitor = VISITORS[0];
	const hashed = bucketVisitor(checkout, visitor);
	const { fake } = await bucketed([visitor], {
		storedBucketing: { 2002: '3103' },
		targeting: 'ignore',
		sendEvents: true,
	});
	expect(fake.events.map((e) => e.data)).toEqual([
		{ experienceId: '2001', variationId: hashed.bucketed ? hashed.variationId : 'none' },
	]);
});

test('Stored Bucketing that names a prototype key or a variation that is not an ID is refused, naming the item and the field', async () => {
	const setup = await newSetup();
	const run = async (storedBucketing: string) =>
		await setup.harness.run({
			nodeType: convertNode,
			parameters: { resource: 'visitor', operation: 'bucket', visitorId: 'v1', storedBucketing },
			items: [{}],
			credentials: setup.credentials,
		});
	expect((await run('{"__proto__": "3001"}')).error?.message).toMatch(
		/^Item 0: Stored Bucketing › experience must be a positive whole number, got "__proto__"/,
	);
	expect((await run('{"2001": "green"}')).error?.message).toMatch(
		/^Item 0: Stored Bucketing › 2001 must be a positive whole number, got "green"/,
	);
	expect(setup.fake.config.requests).toHaveLength(0);
});
