import { convertrSetup, publisherNode } from '../../../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup;
beforeEach(async () => {
	setup = await convertrSetup();
});
afterEach(async () => {
	await setup.fake.stop();
});

describe('Link → Get Many', () => {
	test("lists the campaign's links", async () => {
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'link', operation: 'getMany', campaignId: '100', returnAll: true },
			items: [{}, {}],
			credentials,
		});
		expect(result.items).toHaveLength(6);
		expect(result.items[0].json).toEqual({
			campaignId: 100,
			channel: 'Email',
			destination: 'https://convertrforms.cvtr.io/acme-campaign-email',
			id: 25,
			name: 'acme-campaign-email',
		});
		expect(result.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([
			0, 0, 0, 1, 1, 1,
		]);
	});
});
