// The Convertr credential at its seams with n8n: two credentials of one kind never share a token unless every
// value that goes into the token exchange is the same; the token request is asked again when Convertr's token
// endpoint is busy or failing (it changes nothing on the server), and only a refusal of the credential's values
// is reported as the credential's fault.
import type { IDataObject } from 'n8n-workflow';

import {
	CONVERTR_SECRETS,
	type ConvertrFake,
	type ConvertrFakeOptions,
	startConvertrFake,
} from '../fakes/convertr.cjs';
import { sleepMs } from '../fakes/httpServer.cjs';
import { convertrSecretValues, expectNoSecrets } from '../harness/secrets.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup | undefined;
const extraFakes: ConvertrFake[] = [];
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
	for (const fake of extraFakes.splice(0)) await fake.stop();
});

const WRONG_SECRET = 'wrong-client-secret-0b9e';
const WRONG_PASSWORD = 'wrong-password-77d1';
const mapping = leadParameters({ email: '={{$json.email}}' });
const leads = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com` }));

/** A second credential, the same as the first but for the given values. */
function variant(current: Setup, id: string, change: IDataObject) {
	const data = current.harness.credentials.store.get('convertrPublisherApi')!.data;
	return current.harness.addCredential(
		'convertrPublisherApi',
		{ ...data, accessToken: '', ...change },
		id,
	);
}

const storedToken = (current: Setup, id: string) =>
	current.harness.credentials.store.get(id)?.data.accessToken;

describe.each([
	[
		'API key grant, client secret differs',
		'apiKey',
		{ clientSecret: WRONG_SECRET },
		'invalid_client: The client credentials are invalid.',
	],
	[
		'password grant, password differs',
		'password',
		{ password: WRONG_PASSWORD },
		'invalid_grant: Invalid username and password combination.',
	],
] as const)('two credentials of one kind (%s)', (_name, grant, change, reason) => {
	const expectRefused = (
		current: Setup,
		result: Awaited<ReturnType<Setup['harness']['run']>>,
		badLeads: string,
	) => {
		expect(result.error?.message).toBe(
			`Convertr refused the token request (HTTP 400): ${reason} Check the client ID, client secret, API key and grant type of the credential (and the username and password for the password grant).`,
		);
		expect(
			current.fake.leads.filter((l) => String(l.form.email).startsWith(badLeads)),
		).toHaveLength(0);
		expect(storedToken(current, 'bad')).toBe('');
		expectNoSecrets(
			[result.items, result.error],
			[...convertrSecretValues(current.fake), WRONG_SECRET, WRONG_PASSWORD],
		);
	};

	test('good one first: the bad one asks for its own token, is refused, delivers nothing and stores nothing', async () => {
		setup = await convertrSetup({}, grant);
		const { fake, harness, credentials } = setup;
		const good = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('good', 3),
			credentials,
		});
		expect(good.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(1);
		const bad = variant(setup, 'bad', change);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('bad', 3),
			credentials: bad,
		});
		expect(fake.tokenRequests()).toHaveLength(2);
		expectRefused(setup, result, 'bad');
		expect(fake.leads).toHaveLength(3);
	});

	test('bad one first: refused; the good one then gets a token of its own and delivers', async () => {
		setup = await convertrSetup({}, grant);
		const { fake, harness, credentials } = setup;
		const bad = variant(setup, 'bad', change);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('bad', 3),
			credentials: bad,
		});
		expectRefused(setup, result, 'bad');
		// the good credential's stored token is emptied so that it, too, needs an exchange now
		harness.credentials.store.get('convertrPublisherApi')!.data.accessToken = '';
		const good = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('good', 3),
			credentials,
		});
		expect(good.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(2);
		expect(storedToken(setup, 'convertrPublisherApi')).toBe(fake.tokensIssued[0]);
		expect(fake.leads.map((l) => l.form.email)).toEqual([
			'good0@example.com',
			'good1@example.com',
			'good2@example.com',
		]);
	});

	test('both at once: each makes its own exchange; the good one delivers, the bad one is refused', async () => {
		setup = await convertrSetup({}, grant);
		const { fake, harness, credentials } = setup;
		const bad = variant(setup, 'bad', change);
		const [good, refused] = await Promise.all([
			harness.run({
				nodeType: publisherNode,
				parameters: mapping,
				items: leads('good', 5),
				credentials,
			}),
			harness.run({
				nodeType: publisherNode,
				parameters: mapping,
				items: leads('bad', 5),
				credentials: bad,
			}),
		]);
		expect(good.error).toBeUndefined();
		expect(good.items).toHaveLength(5);
		expectRefused(setup, refused, 'bad');
		expect(fake.tokenRequests()).toHaveLength(2);
		expect(fake.tokensIssued).toHaveLength(1);
	});
});

test('two credentials with the very same values share one exchange when their runs start together', async () => {
	setup = await convertrSetup();
	const { fake, harness, credentials } = setup;
	const twin = variant(setup, 'twin', {});
	const [a, b] = await Promise.all([
		harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('a', 4),
			credentials,
		}),
		harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('b', 4),
			credentials: twin,
		}),
	]);
	expect(a.error).toBeUndefined();
	expect(b.error).toBeUndefined();
	expect(fake.tokenRequests()).toHaveLength(1);
	expect(storedToken(setup, 'twin')).toBe(storedToken(setup, 'convertrPublisherApi'));
});

describe('the token endpoint fails: the token request is asked again, leads are delivered once', () => {
	const isToken = (r: { path: string }) => r.path === '/oauth/v2/token';
	const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
	test.each([
		[
			'503 Service Unavailable',
			2,
			{
				status: 503,
				body: { code: 503, message: 'Down for maintenance' },
				headers: { 'Retry-After': '0' },
			},
		],
		[
			'429 with Retry-After',
			2,
			{
				status: 429,
				body: { code: 429, message: 'API rate limit exceeded' },
				headers: { 'Retry-After': '1' },
			},
		],
		['429 without Retry-After', 1, { status: 429, raw: 'Too Many Requests' }],
		[
			'500 Internal Server Error',
			1,
			{ status: 500, body: { code: 500, message: 'Internal error' } },
		],
		['502 HTML page', 1, { status: 502, raw: html }],
		['connection reset', 1, { reset: true }],
		[
			'malformed JSON with HTTP 200',
			1,
			{ status: 200, raw: '{"access_tok', headers: { 'Content-Type': 'application/json' } },
		],
	] as const)('%s', async (_name, times, answer) => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: isToken, times, answer: answer as never });
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('lead', 6),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(times + 1);
		expect(fake.tokensIssued).toHaveLength(1);
		expect(fake.leadPosts()).toHaveLength(6);
		expect(result.items.map((i) => i.json.leadId)).toEqual(fake.leads.map((l) => String(l.id)));
	});

	test('a refused connection: asked again once the endpoint listens', async () => {
		// the fake's port, then nothing listening on it: the first token request is refused
		const probe = await startConvertrFake();
		const port = Number(new URL(probe.url).port);
		await probe.stop();
		setup = await convertrSetup();
		const { harness } = setup;
		const credentials = variant(setup, 'refused', { baseUrl: `http://127.0.0.1:${port}` });
		const running = harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('lead', 3),
			credentials,
		});
		// the exchange has started (its connection is attempted before any timer can run), then the fake listens
		while (harness.credentials.preAuthenticationRuns === 0) await sleepMs(5);
		await sleepMs(100);
		const late = await startConvertrFake({ port });
		extraFakes.push(late);
		const result = await running;
		expect(result.error).toBeUndefined();
		expect(late.tokenRequests()).toHaveLength(1);
		expect(late.leads).toHaveLength(3);
	});

	test('503 on every attempt: the endpoint is named, not the credential', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: isToken,
			times: 10,
			answer: {
				status: 503,
				body: { code: 503, message: 'Down for maintenance' },
				headers: { 'Retry-After': '0' },
			},
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('lead', 3),
			credentials,
			continueOnFail: true,
		});
		const errors = result.items.map((i) => i.json.error);
		expect(new Set(errors)).toEqual(
			new Set([
				"Convertr's token endpoint failed (HTTP 503): Down for maintenance. It was asked 4 times.",
			]),
		);
		expect(fake.tokenRequests()).toHaveLength(4);
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test('nothing listening at all: the address is named, after the retries', async () => {
		const probe = await startConvertrFake();
		await probe.stop();
		setup = await convertrSetup();
		const credentials = variant(setup, 'nowhere', { baseUrl: probe.url });
		const result = await setup.harness.run({
			nodeType: publisherNode,
			parameters: mapping,
			items: leads('lead', 1),
			credentials,
		});
		expect(result.error?.message).toBe(
			"Convertr's token endpoint could not be reached (ECONNREFUSED). It was asked 4 times. Check the enterprise subdomain or base URL.",
		);
	});
});

describe("refusals name Convertr's reason, in one sentence", () => {
	test.each([
		[
			'a wrong client secret answered 401',
			{ invalidClientStatus: 401 },
			{ clientSecret: WRONG_SECRET },
			'Convertr refused the token request (HTTP 401): invalid_client: The client credentials are invalid.',
		],
		[
			'a wrong client secret answered 400',
			{},
			{ clientSecret: WRONG_SECRET },
			'Convertr refused the token request (HTTP 400): invalid_client: The client credentials are invalid.',
		],
		[
			'a wrong API key',
			{},
			{ apiKey: 'wrong-api-key-123' },
			'Convertr refused the token request (HTTP 400): invalid_grant: Invalid API key.',
		],
	] as Array<[string, ConvertrFakeOptions, IDataObject, string]>)(
		'%s',
		async (_name, options, change, start) => {
			setup = await convertrSetup(options);
			const credentials = variant(setup, 'bad', change);
			const result = await setup.harness.run({
				nodeType: publisherNode,
				parameters: mapping,
				items: leads('lead', 1),
				credentials,
			});
			expect(result.error?.message.startsWith(`${start} Check the client ID`)).toBe(true);
			expect(result.error?.message).not.toMatch(/\.\./);
			expect(setup.fake.tokenRequests()).toHaveLength(1);
		},
	);
});

test("the credential's secrets appear in no token request but the token request itself", async () => {
	setup = await convertrSetup();
	const { fake, harness, credentials } = setup;
	await harness.run({
		nodeType: publisherNode,
		parameters: mapping,
		items: leads('lead', 2),
		credentials,
	});
	for (const request of fake.leadPosts()) {
		expect(`${request.rawQuery} ${request.rawBody}`).not.toContain(
			encodeURIComponent(CONVERTR_SECRETS.clientSecret),
		);
	}
});
