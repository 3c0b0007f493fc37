import { getForms, getLinks } from '../../nodes/Convertr/methods/loadOptions';
import { getFormFields } from '../../nodes/Convertr/methods/resourceMapping';
import { convertrSecretValues, expectNoSecrets } from './secrets';
import { convertrSetup, publisherNode } from './setup';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup;
beforeEach(async () => {
	setup = await convertrSetup();
});
afterEach(async () => {
	await setup.fake.stop();
});

describe('Form → Get Many', () => {
	test('lists the campaign\'s forms with their fields, readable', async () => {
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
		expect(result.items[1].json.mappableFields).toContainEqual({ key: 'form[telephone][countryCode]', label: 'Telephone › Country Code', required: false });
		expect(result.items[1].json.fields).toContain('form[submit]');
		expect(result.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('limit', async () => {
		const { harness, credentials } = setup;
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'form', operation: 'getMany', campaignId: '100', returnAll: false, limit: 1 },
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
		expect(result.error?.message).toBe('Campaign 999 was not found on Convertr: Campaign not found');
	});

	test('reads are retried on 500 and on a reset connection', async () => {
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: (r) => r.path.startsWith('/api/v2/publisher/fields'), times: 1, answer: { status: 500, body: { code: 500, message: 'oops' } } });
		fake.faults.push({ match: (r) => r.path.startsWith('/api/v2/publisher/fields'), times: 1, answer: { reset: true } });
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

describe('Link → Get Many', () => {
	test('lists the campaign\'s links', async () => {
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
		expect(result.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 0, 1, 1, 1]);
	});
});

describe('Lead → Get Result', () => {
	test('pending, valid and invalid with reasons; unknown lead named', async () => {
		const { fake, harness, credentials } = setup;
		const base = { id: 0, publisherId: '77', formId: 35, form: {} };
		fake.leads.push(
			{ ...base, id: 501, result: { status: 202 } },
			{ ...base, id: 502, result: { status: 200, body: '' } },
			{
				...base,
				id: 503,
				result: {
					status: 200,
					body: {
						qaReasons: ['Duplicate lead'],
						failedJobs: [{ name: 'Email validation', message: 'Mailbox does not exist' }],
						leadData: { email: 'x@y.z' },
					},
				},
			},
			{ ...base, id: 504, result: { status: 200, body: 'Rejected by client' } },
		);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'lead', operation: 'getResult', leadId: '={{$json.id}}' },
			items: [{ id: 501 }, { id: 502 }, { id: 503 }, { id: 504 }, { id: 999 }, { id: 'abc' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json)).toEqual([
			{ leadId: 501, status: 'pending', reasons: [] },
			{ leadId: 502, status: 'valid', reasons: [] },
			{
				leadId: 503,
				status: 'invalid',
				reasons: ['Duplicate lead', 'Mailbox does not exist'],
				qaReasons: ['Duplicate lead'],
				failedJobs: [{ name: 'Email validation', message: 'Mailbox does not exist' }],
				leadData: { email: 'x@y.z' },
			},
			{ leadId: 504, status: 'invalid', reasons: ['Rejected by client'], qaReasons: 'Rejected by client' },
			{ error: 'Lead 999 (publisher 77) was not found on Convertr: Lead not found', description: expect.any(String), httpCode: '404' },
			{ error: 'Item 6: Lead ID must be a positive whole number, got "abc"' },
		]);
		expect(fake.requests.filter((r) => r.path.includes('lead-result'))).toHaveLength(5);
		expectNoSecrets([result.items], convertrSecretValues(fake));
	});
});

describe('Live options for the editor', () => {
	const params = { resource: 'lead', operation: 'create', campaignId: '100', formId: '23' };

	test('forms and links of the campaign', async () => {
		const { harness, credentials } = setup;
		const forms = await harness.loadOptions(publisherNode, params, credentials, getForms);
		expect(forms).toEqual([
			{ name: 'Acme Campaign - Simple Form (35)', value: '35', description: '3 fields' },
			{ name: 'Acme Campaign - Advanced Form (23)', value: '23', description: '12 fields' },
		]);
		const links = await harness.loadOptions(publisherNode, params, credentials, getLinks);
		expect(links[0]).toEqual({ name: 'No Link', value: '', description: 'Send the lead without a link' });
		expect(links[1]).toEqual({ name: 'acme-campaign-email (Email)', value: '25', description: 'https://convertrforms.cvtr.io/acme-campaign-email' });
	});

	test('the form\'s fields for the mapper, nested ones readable', async () => {
		const { harness, credentials } = setup;
		const { fields } = await harness.loadOptions(publisherNode, params, credentials, getFormFields);
		expect(fields.map((f) => [f.id, f.displayName])).toEqual([
			['promotion', 'Promotion'],
			['title', 'Title'],
			['firstName', 'First Name'],
			['lastName', 'Last Name'],
			['email', 'Email'],
			['lookup/addressLine1', 'Lookup › Address Line 1'],
			['lookup/addressLine2', 'Lookup › Address Line 2'],
			['lookup/addressLine3', 'Lookup › Address Line 3'],
			['lookup/addressLine4', 'Lookup › Address Line 4'],
			['lookup/postcode', 'Lookup › Postcode'],
			['telephone/countryCode', 'Telephone › Country Code'],
			['telephone/telephone', 'Telephone › Telephone'],
		]);
		expect(fields.every((f) => f.type === 'string' && f.display)).toBe(true);
	});

	test('a form of another campaign is explained; without a campaign the lists say what to fill first, asking nothing', async () => {
		const { fake, harness, credentials } = setup;
		await expect(harness.loadOptions(publisherNode, { ...params, formId: '41' }, credentials, getFormFields)).rejects.toThrow(
			'Form 41 is not one of this campaign\'s forms',
		);
		const before = fake.requests.length;
		for (const campaignId of ['', '   ', 'abc']) {
			const hint = [{ name: 'Fill in the Campaign ID (a number) first', value: '', description: 'This list is loaded from the Campaign ID (a number)' }];
			expect(await harness.loadOptions(publisherNode, { ...params, campaignId }, credentials, getForms)).toEqual(hint);
			expect(await harness.loadOptions(publisherNode, { ...params, campaignId }, credentials, getLinks)).toEqual(hint);
			expect(await harness.loadOptions(publisherNode, { ...params, campaignId }, credentials, getFormFields)).toEqual({
				fields: [],
				emptyFieldsNotice: 'Fill in the Campaign ID and choose the form first: the form\'s fields load from Convertr.',
			});
		}
		expect(await harness.loadOptions(publisherNode, { ...params, formId: '' }, credentials, getFormFields)).toMatchObject({ fields: [] });
		expect(fake.requests.length).toBe(before);
	});
});
