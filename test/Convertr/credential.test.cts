import { convertrSecretValues, expectNoSecrets } from '../harness/secrets.cjs';
import { convertrSetup, publisherNode, emailsOf, simpleMapping } from '../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Credential', () => {
	test('password grant posts the form-encoded credentials', async () => {
		setup = await convertrSetup({}, 'password');
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [token] = fake.tokenRequests();
		expect(token.method).toBe('POST');
		expect(Object.fromEntries(new URLSearchParams(token.rawBody))).toMatchObject({
			grant_type: 'password',
			username: 'publisher@example.com',
			password: 'p@ss w0rd&=[]',
		});
	});

	test('refused credentials: the reason is shown, no secret, no lead sent', async () => {
		setup = await convertrSetup();
		const { fake, harness } = setup;
		const credentials = harness.addCredential(
			'convertrPublisherApi',
			{
				...harness.credentials.store.get('convertrPublisherApi')!.data,
				apiKey: 'wrong-api-key-123',
			},
			'bad',
		);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(2),
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatch(
			/^Convertr refused the token request \(HTTP 400\): invalid_grant: Invalid API key/,
		);
		expect(fake.leadPosts()).toHaveLength(0);
		expectNoSecrets(
			[result.items, result.error],
			[...convertrSecretValues(fake), 'wrong-api-key-123'],
		);
	});

	test('a token Convertr keeps refusing: one refresh, then a clear 401 error', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.path.endsWith('/leads'),
			times: 2,
			answer: {
				status: 401,
				body: {
					error: 'invalid_grant',
					error_description: 'The access token provided is invalid.',
				},
			},
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials,
		});
		expect(result.error?.message).toMatch(
			/did not accept the access token.*The access token provided is invalid/,
		);
		expect(fake.tokenRequests()).toHaveLength(2);
		expect(fake.leadPosts()).toHaveLength(2);
		expectNoSecrets([result.error, result.run.data.resultData], convertrSecretValues(fake));
	});
});
