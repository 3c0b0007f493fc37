import { CONVERT_IDS } from '../../../fakes/convert.cjs';
import { convertNode, convertSetup } from '../../../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Config → Get Project Settings', () => {
	test('returns the basic properties of the project', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: { resource: 'config', operation: 'getProjectSettings' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests[0].path).toBe(
			`/api/v1/project-settings/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}`,
		);
		expect(result.items[0].json).toMatchObject({
			project_id: CONVERT_IDS.projectId,
			tracking_script: { latest_version: '1.3.0' },
		});
	});
});
