import { CONVERT_IDS, CONVERT_SECRETS } from '../../../fakes/convert.cjs';
import { expectNoSecrets } from '../../../harness/secrets.cjs';
import { convertNode, convertSecretValues, convertSetup } from '../../../harness/convert.cjs';

/** What the node outputs of Convert's config, as far as these tests read it */
interface ServedConfig {
	project: unknown;
	experiences: Array<{ id: string; variations: unknown[] }>;
	goals: unknown;
	archived_experiences: string[];
	is_debug: boolean;
}

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const config = (extra: Record<string, unknown> = {}) => ({
	resource: 'config',
	operation: 'get',
	...extra,
});

describe('Config → Get', () => {
	test('default endpoint: GET /api/v1/config/{account}/{project}, no Authorization, ConvertAgent User-Agent; simplified', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(1);
		const request = fake.config.requests[0];
		expect(request.path).toBe(`/api/v1/config/${CONVERT_IDS.accountId}/${CONVERT_IDS.projectId}`);
		expect(request.headers.authorization).toBeUndefined();
		expect(request.headers['user-agent']).toMatch(/^ConvertAgent\//);
		expect(request.headers['convert-debug-token']).toBeUndefined();
		const json = result.items[0].json as unknown as ServedConfig;
		expect(json.project).toEqual({
			id: CONVERT_IDS.projectId,
			name: 'Shop & Leads',
			type: 'fullstack',
			utc_offset: 0,
			environments: [
				{ name: 'production', label: 'Production', isDefault: true },
				{ name: 'staging', label: 'Staging', isDefault: false },
			],
		});
		// active only, archived left out
		expect(json.experiences.map((e: { id: string }) => e.id)).toEqual(['2001', '2002']);
		expect(json.experiences[0].variations[1]).toEqual({
			id: '3001',
			key: 'green',
			name: 'Green button',
			traffic_allocation: 50,
			status: 'running',
		});
		expect(json.goals).toEqual([
			{ id: '100300', key: 'purchase', name: 'Purchase', type: 'revenue' },
			{ id: '100301', key: 'lead-form', name: 'Lead form sent', type: 'dom_interaction' },
		]);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('Simplify off returns the whole config as Convert sent it', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: config({ simplify: false }),
			credentials,
		});
		const json = result.items[0].json as unknown as ServedConfig;
		expect(json.archived_experiences).toEqual(['2004']);
		expect(json.experiences.map((e: { id: string }) => e.id)).toEqual(['2001', '2002', '2004']);
		expect(json.is_debug).toBe(false);
	});

	test('SDK key endpoint: the key in the path and its secret as Bearer', async () => {
		setup = await convertSetup({}, 'sdkKey');
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error).toBeUndefined();
		expect(decodeURIComponent(fake.config.requests[0].path)).toBe(
			`/api/v1/config/${CONVERT_IDS.sdkKey}`,
		);
		expect(fake.config.requests[0].headers.authorization).toBe(
			`Bearer ${CONVERT_SECRETS.sdkKeySecret}`,
		);
		expectNoSecrets([result.items], convertSecretValues);
	});

	test('an SDK key without a secret sends an empty Authorization header', async () => {
		setup = await convertSetup({}, 'openSdkKey');
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error).toBeUndefined();
		expect(fake.config.requests[0].headers.authorization).toBe('');
	});

	test("a wrong SDK key secret: Convert's message, HTTP 401, the key named, the secret nowhere", async () => {
		setup = await convertSetup({}, 'sdkKey', { sdkKeySecret: 'wrong-secret-value' });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error?.message).toBe(
			`Convert refused the config of SDK key "${CONVERT_IDS.sdkKey}": Invalid SDK key secret (HTTP 401)`,
		);
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toMatch(/SDK Key Secret/);
		// n8n's helper repeats any 401 once (its token-refresh path, whatever the credential); the node adds no retry
		expect(fake.config.requests).toHaveLength(2);
		expectNoSecrets([result.error, result.items], ['wrong-secret-value', ...convertSecretValues]);
	});

	test('a project that disables the default endpoint: 403 names the account and project and says what to do', async () => {
		setup = await convertSetup({ disableDefaultConfig: true });
		const { harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error?.message).toBe(
			`Convert refused the config of account ${CONVERT_IDS.accountId} / project ${CONVERT_IDS.projectId}: The default config endpoint is disabled for this project; use an SDK key (HTTP 403)`,
		);
		expect(result.error?.description).toMatch(/set an SDK key/);
	});

	test("an unknown project: 404 with Convert's code", async () => {
		setup = await convertSetup({}, 'project', { projectId: '999' });
		const { harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: config(), credentials });
		expect(result.error?.message).toBe(
			`Convert refused the config of account ${CONVERT_IDS.accountId} / project 999: Project not found (HTTP 404)`,
		);
		expect(result.error?.httpCode).toBe('404');
	});

	test("environment filter goes as ?environment= and only that environment's experiences come back", async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: config({ options: { environment: 'staging' } }),
			credentials,
		});
		expect(fake.config.requests[0].query).toEqual({ environment: 'staging' });
		expect((result.items[0].json.experiences as Array<{ id: string }>).map((e) => e.id)).toEqual([
			'2002',
		]);
	});

	test('drafts and paused: the debug token goes as header and query, the draft comes back, the token stays out of the output', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: config({ options: { includeDrafts: true } }),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.config.requests[0].headers['convert-debug-token']).toBe(CONVERT_SECRETS.debugToken);
		expect(fake.config.requests[0].query.debug_token).toBe(CONVERT_SECRETS.debugToken);
		expect((result.items[0].json.experiences as Array<{ id: string }>).map((e) => e.id)).toEqual([
			'2001',
			'2002',
			'2003',
		]);
		expect(result.items[0].json.isDebug).toBe(true);
		expectNoSecrets([result.items], convertSecretValues);
	});

	test('drafts without a debug token in the credential: a clear error, nothing sent', async () => {
		setup = await convertSetup({}, 'project', { debugToken: '' });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: config({ options: { includeDrafts: true } }),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Draft and paused experiences need a debug token in the Convert credential',
		);
		expect(fake.config.requests).toHaveLength(0);
	});

	test('many items, one config request', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: config(),
			items: Array.from({ length: 25 }, (_, i) => ({ i })),
			credentials,
		});
		expect(result.items).toHaveLength(25);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 25 }, (_, i) => ({ item: i })),
		);
		expect(fake.config.requests).toHaveLength(1);
	});

	test('a 503 on the config is retried; an HTML error page is read as text', async () => {
		setup = await convertSetup();
		const { fake, harness } = setup;
		fake.faults.push({
			match: (r) => r.path.startsWith('/api/v1/config/'),
			times: 1,
			answer: {
				status: 503,
				raw: '<html><body>Service <b>Unavailable</b></body></html>',
				headers: { 'Retry-After': '0' },
			},
		});
		const result1 = await harness.run({
			nodeType: convertNode,
			parameters: config(),
			credentials: setup.credentials,
		});
		expect(result1.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(2);

		const failing = harness.addCredential(
			'convertExperiencesApi',
			{
				accountId: CONVERT_IDS.accountId,
				projectId: CONVERT_IDS.projectId,
				configBaseUrl: `${fake.config.url}/nowhere`,
				metricsBaseUrl: fake.metrics.url,
			},
			'nowhere',
		);
		const result2 = await harness.run({
			nodeType: convertNode,
			parameters: config(),
			credentials: failing,
		});
		expect(result2.error?.message).toBe(
			`Convert refused the config of account ${CONVERT_IDS.accountId} / project ${CONVERT_IDS.projectId}: 404 Not Found (HTTP 404)`,
		);
	});
});
