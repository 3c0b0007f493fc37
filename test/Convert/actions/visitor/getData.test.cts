import { CONVERT_IDS, CONVERT_SECRETS } from '../../../fakes/convert.cjs';
import { convertNode, convertSetup } from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const getData = { resource: 'visitor', operation: 'getData', visitorId: '={{ $json.visitor }}' };

describe('Visitor → Get Data', () => {
	test('by account and project: one request per visitor, however many items name them; unknown visitors get empty data', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: getData,
			items: [{ visitor: 'visitor-known' }, { visitor: 'new/one' }, { visitor: 'visitor-known' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests.map((r) => r.path).sort()).toEqual([
			`/api/v1/visitor-data/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}/new%2Fone`,
			`/api/v1/visitor-data/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}/visitor-known`,
		]);
		expect(result.items.map((i) => i.json)).toEqual([
			{
				visitorId: 'visitor-known',
				data: { country: 'DE', visitorType: 'returning', plan: 'pro' },
				default: { visitorType: 'new' },
			},
			{ visitorId: 'new/one', data: {}, default: { visitorType: 'new' } },
			{
				visitorId: 'visitor-known',
				data: { country: 'DE', visitorType: 'returning', plan: 'pro' },
				default: { visitorType: 'new' },
			},
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test("by SDK key: the key's secret goes as a Bearer token, and never into the output", async () => {
		setup = await convertSetup({}, 'sdkKey');
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: getData,
			items: [{ visitor: 'visitor-known' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [request] = fake.config.requests;
		expect(request.path).toBe(
			`/api/v1/visitor-data/${encodeURIComponent(CONVERT_IDS.sdkKey)}/visitor-known`,
		);
		expect(request.headers.authorization).toBe(`Bearer ${CONVERT_SECRETS.sdkKeySecret}`);
		expect(JSON.stringify(result.items)).not.toContain(CONVERT_SECRETS.sdkKeySecret);
		expect(result.items[0].json.data).toMatchObject({ plan: 'pro' });
	});

	test("a refusal is Convert's message with its status; an empty visitor ID is refused before any request", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.path.includes('/visitor-data/'),
			times: 1,
			answer: {
				status: 403,
				body: { code: 403, message: 'Visitor data is not enabled for this project' },
			},
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: getData,
			items: [{ visitor: 'a' }, { visitor: '' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(
			'Convert refused the stored data of visitor "a": Visitor data is not enabled for this project (HTTP 403)',
		);
		expect(result.items[1].json.error).toMatch(/^Item 1: Visitor ID /);
		expect(fake.config.requests).toHaveLength(1);
	});
});
