import { parsePhpQuery } from '../../../fakes/phpQuery.cjs';
import { convertrSecretValues, expectNoSecrets } from '../../../harness/secrets.cjs';
import {
	convertrSetup,
	leadParameters,
	publisherNode,
	emailsOf,
	simpleMapping,
} from '../../../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Lead → Create: the wire format', () => {
	test('nested fields, link and special characters are sent exactly as Convertr documents', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters(
				{
					firstName: 'Zoë & Co',
					lastName: 'a=b[c]',
					email: 'tech@convertr.io',
					'lookup/postcode': 'SW1A 1AA',
					'telephone/countryCode': '+44',
				},
				{ formId: '23', linkId: '25' },
			),
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [post] = fake.leadPosts();
		expect(post.path).toBe('/api/v2.1/publisher/77/forms/23/links/25/leads');
		expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(post.query.access_token).toBe(fake.tokensIssued[0]);
		expect(post.rawBody).toBe(
			'form%5BfirstName%5D=Zo%C3%AB+%26+Co&form%5BlastName%5D=a%3Db%5Bc%5D&form%5Bemail%5D=tech%40convertr.io' +
				'&form%5Blookup%5D%5Bpostcode%5D=SW1A+1AA&form%5Btelephone%5D%5BcountryCode%5D=%2B44&form%5Bsubmit%5D=true',
		);
		expect(parsePhpQuery(post.rawBody)).toEqual({
			form: {
				firstName: 'Zoë & Co',
				lastName: 'a=b[c]',
				email: 'tech@convertr.io',
				lookup: { postcode: 'SW1A 1AA' },
				telephone: { countryCode: '+44' },
				submit: 'true',
			},
		});
		expect(result.items).toEqual([
			{
				json: {
					leadId: '367086',
					message: 'Lead was created successfully',
					httpStatus: 201,
					formId: 23,
					linkId: 25,
					fields: {
						firstName: 'Zoë & Co',
						lastName: 'a=b[c]',
						email: 'tech@convertr.io',
						'lookup.postcode': 'SW1A 1AA',
						'telephone.countryCode': '+44',
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('auto-mapping reads flat, bracketed and nested input fields of the form only', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const parameters = leadParameters({}, { formId: '23' }, [
			{ id: 'firstName' },
			{ id: 'lastName' },
			{ id: 'email' },
			{ id: 'lookup/postcode' },
			{ id: 'telephone/countryCode' },
		]);
		(parameters.columns as Record<string, unknown>).mappingMode = 'autoMapInputData';
		const result = await harness.run({
			nodeType: publisherNode,
			parameters,
			items: [
				{
					firstName: 'A',
					lastName: 'B',
					email: 'a@b.c',
					lookup: { postcode: 'N1' },
					'form[telephone][countryCode]': '+1',
					unrelated: 'x',
				},
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(parsePhpQuery(fake.leadPosts()[0].rawBody)).toEqual({
			form: {
				firstName: 'A',
				lastName: 'B',
				email: 'a@b.c',
				lookup: { postcode: 'N1' },
				telephone: { countryCode: '+1' },
				submit: 'true',
			},
		});
		expect(result.hints).toEqual([
			'Map Automatically left out input field "unrelated" (from item 0): form 23 has no such field. Rename it to a field of the form (see the field list with Map Each Field Below), or remove it before this node.',
		]);
	});
});

describe('Lead → Create: a node added before version 1.2 keeps its output', () => {
	test('version 1.1: `status` (the HTTP code), a numeric lead ID and fields by their form keys', async () => {
		setup = await convertrSetup();
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			typeVersion: 1.1,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials,
		});
		expect(result.items[0].json).toEqual({
			leadId: expect.any(Number),
			message: 'Lead was created successfully',
			status: 201,
			formId: 35,
			linkId: null,
			fields: { 'form[firstName]': 'First 0', 'form[email]': 'lead0@example.com' },
		});
	});
});

describe('Lead → Create: many items', () => {
	test('200 leads: one token request, one POST per lead, output in input order with pairedItem', async () => {
		setup = await convertrSetup({ latencyMs: 5 });
		const { fake, harness, credentials } = setup;
		const items = emailsOf(200);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(1);
		expect(fake.leadPosts()).toHaveLength(200);
		expect(fake.leads).toHaveLength(200);
		expect(result.items).toHaveLength(200);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect((item.json.fields as Record<string, string>).email).toBe(`lead${i}@example.com`);
			const stored = fake.leads.find((l) => String(l.id) === item.json.leadId);
			expect(stored?.form.email).toBe(`lead${i}@example.com`);
		});
		// a second execution reuses the stored token
		await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(3),
			credentials,
		});
		expect(fake.tokenRequests()).toHaveLength(1);
		expectNoSecrets(result.items, convertrSecretValues(fake));
	});

	test('a token expiring mid-run: exactly one refresh, no lead lost or duplicated', async () => {
		setup = await convertrSetup({ latencyMs: 5 });
		const { fake, harness, credentials } = setup;
		let posts = 0;
		fake.faults.push({
			match: (r) => {
				if (r.method === 'POST' && r.path.endsWith('/leads') && ++posts === 20)
					fake.expireAllTokens();
				return false;
			},
			times: 1,
			answer: { status: 500 },
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(60),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.tokenRequests()).toHaveLength(2);
		expect(harness.credentials.store.get('convertrPublisherApi')?.data.accessToken).toBe(
			fake.tokensIssued[1],
		);
		const emails = fake.leads.map((l) => l.form.email).sort();
		expect(emails).toEqual(
			emailsOf(60)
				.map((i) => i.email)
				.sort(),
		);
		expect(result.items.every((i) => typeof i.json.leadId === 'string')).toBe(true);
	});

	test('429 bursts with Retry-After: every lead delivered exactly once', async () => {
		setup = await convertrSetup({ rateLimit: { max: 25, windowMs: 1000, retryAfter: true } });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(60),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.requests.some((r) => r.path.endsWith('/leads'))).toBe(true);
		const emails = fake.leads.map((l) => l.form.email).sort();
		expect(emails).toEqual(
			emailsOf(60)
				.map((i) => i.email)
				.sort(),
		);
		expect(result.items.map((i) => (i.json.fields as Record<string, string>).email)).toEqual(
			emailsOf(60).map((i) => i.email),
		);
	});

	test('429 without Retry-After: backs off and still delivers every lead once', async () => {
		setup = await convertrSetup({ rateLimit: { max: 15, windowMs: 800, retryAfter: false } });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(30),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.leads).toHaveLength(30);
		expect(new Set(fake.leads.map((l) => l.form.email)).size).toBe(30);
	});
});

describe('Lead → Create: failures never duplicate a lead', () => {
	const postNumber = (n: number) => {
		let seen = 0;
		return (r: { method: string; path: string }) =>
			r.method === 'POST' && r.path.endsWith('/leads') && ++seen === n;
	};

	test('a timeout on a lead POST gives an error item, not a second POST', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: postNumber(3),
			times: 1,
			answer: { hang: true },
			afterProcessing: true,
		});
		const result = await harness.run({
			nodeType: publisherNode,
			// long enough for a busy machine's ordinary requests; only the hung one waits it out
			parameters: { ...simpleMapping, options: { timeout: 3, concurrency: 1 } },
			items: emailsOf(5),
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(5);
		expect(fake.leadPosts()).toHaveLength(5);
		expect(fake.leads).toHaveLength(5);
		expect(result.items[2].json.error).toMatch(/did not answer within 3 s.*not sent again/);
		expect(result.items[2].pairedItem).toEqual({ item: 2 });
		[0, 1, 3, 4].forEach((i) => expect(typeof result.items[i].json.leadId).toBe('string'));
	});

	test.each([
		[
			'a 500 after the lead was stored',
			{ status: 500, body: { code: 500, message: 'Internal Server Error' } },
			true,
			/HTTP 500: Internal Server Error.*not sent again/,
		],
		[
			'a 502 HTML page after the lead was stored',
			{ status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
			true,
			/HTTP 502: 502 Bad Gateway/,
		],
		[
			'a reset connection after the lead was stored',
			{ reset: true as const },
			true,
			/Could not reach Convertr.*not sent again/,
		],
	])('%s: error item, one POST', async (_name, answer, afterProcessing, message) => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: postNumber(2), times: 1, answer, afterProcessing });
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { ...simpleMapping, options: { concurrency: 1 } },
			items: emailsOf(3),
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(3);
		expect(fake.leadPosts()).toHaveLength(3);
		expect(fake.leads).toHaveLength(3);
		expect(result.items[1].json.error).toMatch(message);
		expect(typeof result.items[0].json.leadId).toBe('string');
		expect(typeof result.items[2].json.leadId).toBe('string');
	});

	test('with On Error → Continue, a refused lead keeps its input fields and the fields sent beside the error', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: postNumber(1),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: [{ email: 'lead0@example.com', source: 'webinar' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json).toMatchObject({
			email: 'lead0@example.com',
			source: 'webinar',
			leadId: null,
			fields: { email: 'lead0@example.com' },
			error: expect.stringMatching(/Campaign is paused/),
		});
	});

	test('a 503 before processing is retried and the lead delivered once', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: postNumber(1),
			times: 1,
			answer: {
				status: 503,
				body: { code: 503, message: 'Service Unavailable' },
				headers: { 'Retry-After': '0' },
			},
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.leadPosts()).toHaveLength(2);
		expect(fake.leads).toHaveLength(1);
	});

	test('a malformed success body still reports the lead as sent', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: postNumber(1),
			times: 1,
			answer: { status: 201, raw: '{"data": 9' },
			afterProcessing: true,
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.leadPosts()).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ leadId: null, httpStatus: 201 });
	});
});

describe('Lead → Create: errors', () => {
	test('a blank e-mail is refused before sending, naming the item and the field', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ firstName: 'A', email: '={{$json.email}}' }, { formId: '23' }),
			items: [{ email: '  ' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(
			'Item 0: Field "Email" (form[email]) is required by form 23 but empty',
		);
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test("Convertr's validation errors name the fields; a field it said must not be blank is checked before sending from then on", async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const run = async () =>
			await harness.run({
				nodeType: publisherNode,
				parameters: leadParameters(
					{ firstName: 'A', lastName: '={{$json.last}}', email: '={{$json.email}}' },
					{ formId: '23' },
				),
				items: [{ email: 'x@y.z', last: '' }],
				credentials,
				continueOnFail: true,
			});
		const first = await run();
		expect(first.items[0].json.error).toMatch(
			/Validation Failed.*form\[lastName\]: This value should not be blank/,
		);
		expect(first.items[0].json.httpCode).toBe('400');
		const second = await run();
		expect(second.items[0].json.error).toBe(
			'Item 0: Field "Last Name" (form[lastName]) is required by form 23 but empty',
		);
		expect(fake.leadPosts()).toHaveLength(1);
	});

	test("a form of another campaign is refused before sending, naming the campaign's forms", async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: 'a@b.c' }, { campaignId: '200', formId: '35' }),
			credentials,
		});
		expect(result.error?.message).toMatch(
			/^Item 0: Form 35 is not one of campaign 200's forms \(its forms: /,
		);
		expect(result.error?.description).toBe('Choose a form of this campaign.');
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test("an extra field: refused before sending, naming the form's fields; the form read once per execution", async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({
				email: '={{$json.email}}',
				'telephone/countryCode': '+1',
				fax: '={{$json.fax}}',
			}),
			items: [
				{ email: 'a@b.c', fax: '123' },
				{ email: 'd@e.f', fax: '' },
				{ email: 'g@h.i', fax: '456' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(
			'Item 0: Fields form[telephone][countryCode], form[fax] are not fields of form 35',
		);
		expect(result.items[1].json.error).toBe(
			'Item 1: Field form[telephone][countryCode] is not a field of form 35',
		);
		expect(result.items[0].json.description).toBe(
			"Remove them from the mapping, or refresh the field list (the form's fields: form[firstName], form[email], form[lastName]).",
		);
		expect(fake.requests.filter((r) => r.path === '/api/v2/publisher/fields/100')).toHaveLength(1);
		expect(fake.leads).toHaveLength(0);
	});

	test.each([
		['200', 'Campaign has not started yet', '41'],
		['300', 'Campaign is fulfilled', '51'],
	])("campaign %s: 403 with Convertr's reason", async (campaignId, reason, formId) => {
		setup = await convertrSetup();
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: 'a@b.c' }, { campaignId, formId }),
			credentials,
		});
		expect(result.error?.message).toBe(`Convertr refused the request: ${reason}`);
		expect(result.error?.httpCode).toBe('403');
	});

	test('404 says which ids were not found', async () => {
		setup = await convertrSetup();
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: 'a@b.c' }, { linkId: '999' }),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Publisher 77, form 35 or link 999 was not found on Convertr: Link not found',
		);
		expect(result.error?.httpCode).toBe('404');
	});

	test('without continue-on-fail, bad input in any item stops the run before any lead is sent', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { ...simpleMapping, options: { concurrency: 1 } },
			items: [...emailsOf(2), { email: { nested: true } }, ...emailsOf(3)],
			credentials,
		});
		expect(result.error?.message).toBe(
			'Item 2: field "email" (form[email]) must be text or a number, not an object',
		);
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test('without continue-on-fail, an API failure stops the run: no new lead starts after it', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.method === 'POST' && r.rawBody.includes('lead2'),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { ...simpleMapping, options: { concurrency: 1 } },
			items: emailsOf(6),
			credentials,
		});
		expect(result.error?.message).toMatch(/Campaign is paused/);
		expect(fake.leadPosts()).toHaveLength(3);
		expect(fake.leads).toHaveLength(2);
	});

	test('continue-on-fail keeps order and pairing across local and API errors', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r) => r.method === 'POST' && r.rawBody.includes('ok3'),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		const items = [
			{ email: 'ok0@x.y', first: 'A' },
			{ email: '', first: 'B' },
			{ email: ['a', 'b'], first: 'C' },
			{ email: 'ok3@x.y', first: 'D' },
			{ email: 'ok4@x.y', first: { x: 1 } },
			{ email: 'ok5@x.y', first: 'F' },
		];
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items,
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(result.items.map((i) => (i.json.error ? 'error' : 'ok'))).toEqual([
			'ok',
			'error',
			'error',
			'error',
			'error',
			'ok',
		]);
		expect(result.items[1].json.error).toBe(
			'Item 1: Field "Email" (form[email]) is required by form 35 but empty',
		);
		expect(result.items[3].json.error).toMatch(/Campaign is paused/);
		expect(result.items[2].json.error).toBe(
			'Item 2: field "email" (form[email]) must be text or a number, not a list',
		);
		expect(result.items[4].json.error).toBe(
			'Item 4: field "firstName" (form[firstName]) must be text or a number, not an object',
		);
		expect(fake.leads.map((l) => l.form.email).sort()).toEqual(['ok0@x.y', 'ok5@x.y']);
	});
});

describe('Lead → Create: bad input is refused before anything is sent', () => {
	test.each([
		[
			'non-numeric form',
			{ formId: 'abc' },
			{},
			'Item 0: Form must be a positive whole number, got "abc"',
		],
		[
			'form expression resolving to null',
			{ formId: '={{ null }}' },
			{},
			'Item 0: Form is required',
		],
		[
			'form expression resolving to a list',
			{ formId: '={{ [35] }}' },
			{},
			'Item 0: Form must be a number, not a list',
		],
		[
			'non-numeric link',
			{ linkId: '12x' },
			{},
			'Item 0: Link must be a positive whole number, got "12x"',
		],
		[
			'campaign expression resolving to empty',
			{ campaignId: '={{ "" }}' },
			{},
			'Item 0: Campaign ID is required',
		],
		[
			'negative campaign',
			{ campaignId: '-4' },
			{},
			'Item 0: Campaign ID must be a positive whole number, got "-4"',
		],
		[
			'all fields empty',
			{},
			{ email: '', firstName: null },
			'Item 0: Fields are all empty: map at least one form field',
		],
	])('%s', async (_name, extra, value, message) => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const mapping = Object.keys(value).length ? value : { email: 'a@b.c' };
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters(mapping, extra),
			credentials,
		});
		expect(result.error?.message).toBe(message);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test('a field the form marks required is checked locally', async () => {
		setup = await convertrSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: '', firstName: 'A' }, {}, [
				{ id: 'email', required: true },
				{ id: 'firstName' },
			]),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Item 0: field "email" (form[email]) is required by the form but has no value',
		);
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test('a non-numeric publisher ID in the credential is named', async () => {
		setup = await convertrSetup();
		const { fake, harness } = setup;
		const credentials = harness.addCredential(
			'convertrPublisherApi',
			{ ...harness.credentials.store.get('convertrPublisherApi')!.data, publisherId: 'pub-1' },
			'other',
		);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials: { convertrPublisherApi: credentials.convertrPublisherApi },
		});
		expect(result.error?.message).toBe(
			'Item 0: Publisher ID (in the credential) must be a positive whole number, got "pub-1"',
		);
		expect(fake.requests).toHaveLength(0);
	});
});
