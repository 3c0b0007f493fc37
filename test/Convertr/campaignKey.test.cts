// Convertr Publisher with a campaign API key (Convertr's Campaign Webhook): forms, links and leads of the key's
// campaign through the /webhook/campaign routes, the key in the `apikey` query and nowhere else, Convertr's refusals
// in its words.
import { getFormFields } from '../../nodes/Convertr/methods/resourceMapping';
import { CONVERTR_SECRETS, campaignKeyOf } from '../fakes/convertr.cjs';
import { campaignKeySetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { convertrSecretValues, expectNoSecrets } from '../harness/secrets.cjs';

type Setup = Awaited<ReturnType<typeof campaignKeySetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const byKey = { authentication: 'campaignApiKey' };

/** One run of Convertr Publisher with the campaign key over `items`; `leadAnswer`: what the fake answers lead posts */
async function run(
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>> = [{}],
	credential: Parameters<typeof campaignKeySetup>[1] = {},
	leadAnswer?: { status: number; body: unknown },
) {
	setup = await campaignKeySetup({}, credential);
	if (leadAnswer)
		setup.fake.faults.push({
			match: (r) => r.path.endsWith('/leads'),
			times: 5,
			answer: leadAnswer,
		});
	const result = await setup.harness.run({
		nodeType: publisherNode,
		parameters: { ...byKey, ...parameters },
		items,
		credentials: setup.credentials,
	});
	return { result, fake: setup.fake };
}

const lead = leadParameters(
	{ firstName: '={{$json.first}}', email: '={{$json.email}}' },
	{ ...byKey, linkId: '25' },
);
const ada = [{ first: 'Ada', email: 'ada@example.com' }];

test('Lead → Create posts to the campaign webhook with the link and the key in the query: 201, the lead ID in the output', async () => {
	const { result, fake } = await run(lead, ada, { publisherId: CONVERTR_SECRETS.publisherId });
	expect(result.error).toBeUndefined();
	const [post] = fake.leadPosts();
	expect(post.path).toBe('/webhook/campaign/100/global-form/35/leads');
	expect(post.query).toEqual({
		campaignLinkId: '25',
		publisherId: CONVERTR_SECRETS.publisherId,
		apikey: CONVERTR_SECRETS.campaignApiKey,
	});
	expect(post.rawBody).toBe(
		'form%5BfirstName%5D=Ada&form%5Bemail%5D=ada%40example.com&form%5Bsubmit%5D=true',
	);
	expect(result.items[0].json.leadId).toBe(String(fake.leads[0].id));
	expect(fake.tokenRequests()).toHaveLength(0);
});

test("Form → Get Many reads the v2 field list of the key's campaign", async () => {
	const { result, fake } = await run({
		resource: 'form',
		operation: 'getMany',
		campaignId: '100',
		returnAll: true,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.formId)).toEqual([35, 23]);
	expect(fake.requests.map((r) => r.path)).toEqual(['/webhook/campaign/v2/100/global-form/fields']);
});

test("Link → Get Many reads the campaign webhook's links", async () => {
	const { result, fake } = await run({
		resource: 'link',
		operation: 'getMany',
		campaignId: '100',
		returnAll: true,
	});
	expect(result.items.map((i) => i.json.id)).toEqual([25, 26, 30]);
	expect(fake.requests.map((r) => r.path)).toEqual(['/webhook/campaign/100/links']);
});

test("the mapper marks the v2 list's required fields, and shows a hidden field as such, left out of manual mapping", async () => {
	setup = await campaignKeySetup();
	const { fields } = await setup.harness.loadOptions(
		publisherNode,
		{ ...byKey, resource: 'lead', operation: 'create', campaignId: '100', formId: '23' },
		setup.credentials,
		getFormFields,
	);
	expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual([
		'firstName',
		'lastName',
		'email',
	]);
	expect(fields.find((f) => f.id === 'promotion')).toMatchObject({
		displayName: 'Promotion (hidden)',
		removed: true,
	});
});

test('a wrong key: "Convertr refused the campaign API key: Access denied." with HTTP 401, nothing stored', async () => {
	const { result, fake } = await run(lead, ada, { apiKey: 'not-the-key' });
	expect(result.error?.message).toBe('Convertr refused the campaign API key: Access denied.');
	expect((result.error as { httpCode?: string }).httpCode).toBe('401');
	expect(fake.leads).toHaveLength(0);
});

test("an inactive campaign: Convertr's 403 in its words", async () => {
	const { result } = await run({ ...lead, campaignId: '200', formId: '41', linkId: '' }, ada, {
		campaignId: '200',
		apiKey: campaignKeyOf(200),
	});
	expect(result.error?.message).toBe('Convertr refused the request: Campaign is not active.');
});

test('a publisher Convertr does not know: 404 "Publisher not found", named', async () => {
	const { result } = await run(lead, ada, { publisherId: '99' });
	expect(result.error?.message).toBe(
		'Campaign 100, form 35 or publisher 99 was not found on Convertr: Publisher not found',
	);
});

test('400 "Validation failed": the message names each field Convertr named, and its form-wide words', async () => {
	const { result } = await run(
		lead,
		ada,
		{},
		{
			status: 400,
			body: {
				code: 400,
				message: 'Validation failed',
				data: [
					{ message: 'This form should not contain extra fields.' },
					{ fieldName: 'form[lastName]', message: '' },
				],
			},
		},
	);
	expect(result.error?.message).toBe(
		'Convertr rejected the data: Validation failed (This form should not contain extra fields.; form[lastName]: refused)',
	);
});

test('500: not sent again (Convertr may have stored it), and the error says so', async () => {
	const { result, fake } = await run(
		lead,
		ada,
		{},
		{ status: 500, body: { code: 500, message: '' } },
	);
	expect(result.error?.message).toMatch(/HTTP 500.*may already have stored it/);
	expect(fake.leadPosts()).toHaveLength(1);
});

test("another campaign than the key's is refused, naming the item and the field; nothing is sent", async () => {
	const { result, fake } = await run({ ...lead, campaignId: '300', formId: '51' }, ada);
	expect(result.error?.message).toBe(
		"Item 0: Campaign ID is 300, but the Convertr Campaign API credential's key is campaign 100's",
	);
	expect(fake.requests).toHaveLength(0);
});

test('Lead → Get Result says it needs the Publisher API', async () => {
	const { result, fake } = await run({
		resource: 'lead',
		operation: 'getResult',
		leadId: '367086',
	});
	expect(result.error?.message).toBe(
		'Lead → Get Result needs the Publisher API authentication: Convertr answers lead results to the publisher API only',
	);
	expect(fake.requests).toHaveLength(0);
});

test('the key is in no output item and no error, sent or refused', async () => {
	const sent = await run(lead, ada);
	const secrets = convertrSecretValues(sent.fake);
	expectNoSecrets([sent.result.items, sent.result.error], secrets);
	await setup?.fake.stop();
	const refused = await run(lead, ada, { publisherId: '99' });
	expectNoSecrets([refused.result.items, refused.result.error], secrets);
});
