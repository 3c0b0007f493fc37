// Lead → Create with Check Only: every item checked against the campaign's forms, nothing posted, nothing recorded.
import { getFormFields } from '../../../../nodes/Convertr/methods/resourceMapping';
import { convertrSetup, leadParameters, publisherNode } from '../../../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

test('each item says whether it would be accepted and what would be sent; the forms read once; no lead posted', async () => {
	setup = await convertrSetup({ fieldsAsObjects: true });
	const { fake, harness, credentials } = setup;
	const result = await harness.run({
		nodeType: publisherNode,
		parameters: leadParameters(
			{
				firstName: '={{ $json.first }}',
				lastName: '={{ $json.last }}',
				email: '={{ $json.email }}',
				fax: '={{ $json.fax }}',
			},
			{ checkOnly: true, formId: '23' },
		),
		items: [
			{ first: 'Ada', last: 'Lovelace', email: 'ada@example.com' },
			{ first: 'Bo', last: '', email: 'bo@example.com' },
			{ first: 'Cy', last: 'Young', email: 'cy@example.com', fax: '123' },
		],
		credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.json.valid, i.json.problems])).toEqual([
		[true, []],
		[false, ['Required by form 23 but empty: form[lastName]']],
		[false, ['Not fields of form 23: form[fax]']],
	]);
	expect(result.items[0].json).toMatchObject({
		checkOnly: true,
		campaignId: 100,
		formId: 23,
		wouldSend: {
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
		},
	});
	expect(fake.leadPosts()).toHaveLength(0);
	expect(fake.leads).toHaveLength(0);
	expect(fake.requests.filter((r) => r.path.includes('/publisher/fields/'))).toHaveLength(1);
});

test("a form that is not the campaign's is named; bad input is still refused before anything", async () => {
	setup = await convertrSetup();
	const { fake, harness, credentials } = setup;
	const result = await harness.run({
		nodeType: publisherNode,
		parameters: leadParameters(
			{ email: '={{ $json.email }}' },
			{ checkOnly: true, formId: '={{ $json.form }}' },
		),
		items: [
			{ email: 'a@example.com', form: '999' },
			{ email: 'b@example.com', form: 'x' },
		],
		credentials,
		continueOnFail: true,
	});
	expect(result.items[0].json).toMatchObject({
		valid: false,
		problems: ["Form 999 is not one of campaign 100's forms"],
	});
	expect(result.items[1].json.error).toMatch(/^Item 1: Form /);
	expect(fake.leadPosts()).toHaveLength(0);
});

test('with Skip Already Delivered on, a check records nothing: the real delivery afterwards sends every lead', async () => {
	setup = await convertrSetup();
	const { fake, harness, credentials } = setup;
	const items = [{ email: 'one@example.com' }, { email: 'two@example.com' }];
	const mapping = (extra: Record<string, unknown>) =>
		leadParameters({ email: '={{ $json.email }}' }, { skipDelivered: true, ...extra });
	const checked = await harness.run({
		nodeType: publisherNode,
		parameters: mapping({ checkOnly: true }),
		items,
		credentials,
	});
	expect(checked.items.map((i) => i.json.valid)).toEqual([true, true]);
	const delivered = await harness.run({
		nodeType: publisherNode,
		parameters: mapping({}),
		items,
		credentials,
	});
	expect(delivered.error).toBeUndefined();
	expect(delivered.items.map((i) => i.json.skipped ?? false)).toEqual([false, false]);
	expect(fake.leads.map((l) => l.form.email)).toEqual(['one@example.com', 'two@example.com']);
});

test("the field mapper marks the fields the form needs when Convertr's field list says so", async () => {
	setup = await convertrSetup({ fieldsAsObjects: true });
	const { harness, credentials } = setup;
	const { fields } = await harness.loadOptions(
		publisherNode,
		{ resource: 'lead', operation: 'create', campaignId: '100', formId: '23' },
		credentials,
		getFormFields,
	);
	expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual([
		'firstName',
		'lastName',
		'email',
	]);
	expect(fields.find((f) => f.id === 'telephone/countryCode')?.required).toBe(false);
});
