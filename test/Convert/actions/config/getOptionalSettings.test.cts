import { CONVERT_IDS } from '../../../fakes/convert.cjs';
import { convertNode, convertSetup } from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Config → Get Optional Settings', () => {
	test("returns the project's visitor insights, read once for every item", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { resource: 'config', operation: 'getOptionalSettings' },
			items: [{}, {}, {}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests.map((r) => r.path)).toEqual([
			`/api/v1/project-optional-settings/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}`,
		]);
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			expect(item.json).toEqual({
				account_id: CONVERT_IDS.accountId,
				project_id: CONVERT_IDS.projectId,
				visitor_insights: { tracking_id: 'vi-7731', sampling_rate: 25 },
			});
		}
	});

	test('a server error is asked again (a read), then answered', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.path.includes('project-optional-settings'),
			times: 1,
			answer: { status: 503, body: { code: 503, message: 'Unavailable' } },
		});
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { resource: 'config', operation: 'getOptionalSettings' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(2);
		expect(result.items[0].json.visitor_insights).toEqual({
			tracking_id: 'vi-7731',
			sampling_rate: 25,
		});
	});
});
