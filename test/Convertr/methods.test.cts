import { getForms, getLinks } from '../../nodes/Convertr/methods/loadOptions';
import { getFormFields } from '../../nodes/Convertr/methods/resourceMapping';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup;
beforeEach(async () => {
	setup = await convertrSetup();
});
afterEach(async () => {
	await setup.fake.stop();
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
		expect(links[0]).toEqual({
			name: 'No Link',
			value: '',
			description: 'Send the lead without a link',
		});
		expect(links[1]).toEqual({
			name: 'acme-campaign-email (Email)',
			value: '25',
			description: 'https://convertrforms.cvtr.io/acme-campaign-email',
		});
	});

	test("the form's fields for the mapper, nested ones readable", async () => {
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

	test('with Map Automatically the mapper names the fields it sends', async () => {
		const { harness, credentials } = setup;
		const { emptyFieldsNotice } = await harness.loadOptions(
			publisherNode,
			{ ...params, formId: '35' },
			credentials,
			getFormFields,
		);
		expect(emptyFieldsNotice).toBe(
			"Map Automatically sends the input fields named as this form's fields (form[firstName], form[email], form[lastName]), by key (form[email]) or by name (email), and leaves out every other input field; the run's output says which it left out.",
		);
	});

	test('a form of another campaign is explained; without a campaign the lists say what to fill first, asking nothing', async () => {
		const { fake, harness, credentials } = setup;
		await expect(
			harness.loadOptions(publisherNode, { ...params, formId: '41' }, credentials, getFormFields),
		).rejects.toThrow("Form 41 is not one of this campaign's forms");
		const before = fake.requests.length;
		for (const campaignId of ['', '   ', 'abc']) {
			const hint = [
				{
					name: 'Fill in the Campaign ID (a number) first',
					value: '',
					description: 'This list is loaded from the Campaign ID (a number)',
				},
			];
			expect(
				await harness.loadOptions(publisherNode, { ...params, campaignId }, credentials, getForms),
			).toEqual(hint);
			expect(
				await harness.loadOptions(publisherNode, { ...params, campaignId }, credentials, getLinks),
			).toEqual(hint);
			expect(
				await harness.loadOptions(
					publisherNode,
					{ ...params, campaignId },
					credentials,
					getFormFields,
				),
			).toEqual({
				fields: [],
				emptyFieldsNotice:
					"Fill in the Campaign ID and choose the form: the form's fields then load from Convertr.",
			});
		}
		expect(
			await harness.loadOptions(
				publisherNode,
				{ ...params, formId: '' },
				credentials,
				getFormFields,
			),
		).toMatchObject({ fields: [] });
		expect(fake.requests.length).toBe(before);
	});
});

test("a lead refused for a blank field marks that field required in the mapper, for this credential's form only", async () => {
	const { harness, credentials, fake } = setup;
	const params = { resource: 'lead', operation: 'create', campaignId: '100', formId: '23' };
	const required = async (creds: typeof credentials) =>
		(await harness.loadOptions(publisherNode, params, creds, getFormFields)).fields
			.filter((f) => f.required)
			.map((f) => f.id);
	expect(await required(credentials)).toEqual([]); // the field list says nothing about required fields

	const refused = await harness.run({
		nodeType: publisherNode,
		parameters: leadParameters({ firstName: 'Ada', email: '={{ $json.email }}' }, { formId: '23' }),
		items: [{ email: 'ada@example.com' }],
		credentials,
	});
	expect(refused.error?.message).toMatch(/form\[lastName\]: This value should not be blank/);
	expect(fake.leads).toHaveLength(0);
	expect(await required(credentials)).toEqual(['lastName']); // the one the fake requires and was left out

	const other = harness.addCredential(
		'convertrPublisherApi',
		{ ...harness.credentials.store.get('convertrPublisherApi')!.data },
		'another-convertr',
	);
	expect(await required(other)).toEqual([]);
	expect(
		(
			await harness.loadOptions(
				publisherNode,
				{ ...params, formId: '35' },
				credentials,
				getFormFields,
			)
		).fields.filter((f) => f.required),
	).toEqual([]);
});

describe('The mapper follows the campaign and the form', () => {
	/** What n8n's editor compares to decide whether to load the mapper's fields again: the named parameters, joined as text */
	function dependencyText(parameters: Record<string, unknown>): string {
		const mapper = publisherNode.description.properties.find((p) => p.name === 'columns');
		const names = (mapper?.typeOptions?.loadOptionsDependsOn ?? []) as string[];
		return names
			.map((name) =>
				name.split('.').reduce<unknown>((value, step) => {
					if (typeof value !== 'object' || value === null) return undefined;
					return (value as Record<string, unknown>)[step];
				}, parameters),
			)
			.join('|');
	}

	const byList = (value: string) => ({ __rl: true, mode: 'list', value });

	test('choosing another form from the list reloads the fields', () => {
		expect(dependencyText({ campaignId: '100', formId: byList('23') })).not.toBe(
			dependencyText({ campaignId: '100', formId: byList('35') }),
		);
	});

	test('choosing a form in a version 1 node (a plain list) reloads the fields', () => {
		expect(dependencyText({ campaignId: '100', formId: '23' })).not.toBe(
			dependencyText({ campaignId: '100', formId: '35' }),
		);
	});

	test('another campaign reloads the fields', () => {
		expect(dependencyText({ campaignId: '100', formId: byList('23') })).not.toBe(
			dependencyText({ campaignId: '200', formId: byList('23') }),
		);
	});
});
