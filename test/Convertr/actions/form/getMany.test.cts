import { convertrSetup, publisherNode } from '../../../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup;
beforeEach(async () => {
	setup = await convertrSetup();
});
afterEach(async () => {
	await setup.fake.stop();
});

describe('Form → Get Many', () => {
	test("lists the campaign's forms with their fields, readable", async () => {
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'form', operation: 'getMany', campaignId: '100', returnAll: true },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.requests.at(-1)?.path).toBe('/api/v2/publisher/fields/100');
		expect(result.items.map((i) => [i.json.formId, i.json.formName])).toEqual([
			[35, 'Acme Campaign - Simple Form'],
			[23, 'Acme Campaign - Advanced Form'],
		]);
		expect(result.items[1].json.mappableFields).toContainEqual({
			key: 'form[telephone][countryCode]',
			label: 'Telephone › Country Code',
			required: false,
		});
		expect(result.items[1].json.fields).toContain('form[submit]');
		expect(result.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('limit', async () => {
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: {
				resource: 'form',
				operation: 'getMany',
				campaignId: '100',
				returnAll: false,
				limit: 1,
			},
			credentials,
		});
		expect(result.items).toHaveLength(1);
	});

	test('unknown campaign: 404 named', async () => {
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'form', operation: 'getMany', campaignId: '999', returnAll: true },
			credentials,
		});
		expect(result.error?.message).toBe(
			'Campaign 999 was not found on Convertr: Campaign not found',
		);
	});

	test('reads are retried on 500 and on a reset connection', async () => {
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.path.startsWith('/api/v2/publisher/fields'),
			times: 1,
			answer: { status: 500, body: { code: 500, message: 'oops' } },
		});
		fake.faults.push({
			match: (r) => r.path.startsWith('/api/v2/publisher/fields'),
			times: 1,
			answer: { reset: true },
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'form', operation: 'getMany', campaignId: '100', returnAll: true },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(fake.requests.filter((r) => r.path === '/api/v2/publisher/fields/100')).toHaveLength(3);
	});
});
