// Crafted item field names and values, through n8n's engine against the fakes: a name from an item (often a webhook
// caller's) is data, never a way into an object's prototype nor into another form key. A bad item gets a
// NodeOperationError naming the item and the field, and nothing is sent for it.
import type { IExecuteFunctions } from 'n8n-workflow';

import { getFormFields } from '../../nodes/Convertr/methods/resourceMapping';
import { readDeliverySettings } from '../../nodes/shared/deliverySettings';
import { bucketVisitor, convertNode, convertSetup } from '../harness/convert.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { kartraNode, kartraSetup, lead } from '../harness/kartra.cjs';

type Polluted = { polluted?: unknown; scope?: unknown };

afterEach(() => {
	// should a test fail by polluting, the next ones start clean
	delete (Object.prototype as Polluted).polluted;
	delete (Object.prototype as Polluted).scope;
});

/** Lead → Create with Map Automatically and no field list (the campaign or form given by an expression) */
function mapAutomatically(formId = '35') {
	const parameters = leadParameters({}, { formId }, []);
	(parameters.columns as Record<string, unknown>).mappingMode = 'autoMapInputData';
	return parameters;
}

async function sendLead(item: Record<string, unknown>, formId = '35') {
	const setup = await convertrSetup();
	const result = await setup.harness.run({
		nodeType: publisherNode,
		parameters: mapAutomatically(formId),
		items: [item],
		credentials: setup.credentials,
	});
	await setup.fake.stop();
	return { result, posts: setup.fake.leadPosts() };
}

describe('Convertr Map Automatically with no field list', () => {
	test('a field named __proto__/polluted is refused by name and reaches no prototype', async () => {
		const { result, posts } = await sendLead({ email: 'a@b.co', '__proto__/polluted': 'yes' });
		expect(({} as Polluted).polluted).toBeUndefined();
		expect(result.error?.message).toMatch(
			/^Item 0: input field "__proto__\/polluted" is not a form field name/,
		);
		expect(posts).toHaveLength(0);
	});

	test("a field named __proto__/scope cannot move another node's history to the workflow's", async () => {
		await sendLead({ email: 'a@b.co', '__proto__/scope': 'workflow' });
		const context = {
			getNodeParameter: (name: string) => (name === 'skipDelivered' ? true : {}),
		} as unknown as IExecuteFunctions;
		expect(readDeliverySettings(context)?.scope).toBe('node');
	});

	test.each(['constructor/polluted', 'prototype', 'email/__proto__'])(
		'a field named %s is refused by name',
		async (name) => {
			const { result, posts } = await sendLead({ email: 'a@b.co', [name]: 'x' });
			expect(result.error?.message).toContain(
				`Item 0: input field "${name}" is not a form field name`,
			);
			expect(posts).toHaveLength(0);
		},
	);

	test('a __proto__ key of the item itself (JSON) is refused by name', async () => {
		const item = JSON.parse('{"email": "a@b.co", "__proto__": {"polluted": "yes"}}') as Record<
			string,
			unknown
		>;
		const { result, posts } = await sendLead(item);
		expect(result.error?.message).toContain(
			'Item 0: input field "__proto__" is not a form field name',
		);
		expect(posts).toHaveLength(0);
		expect(({} as Polluted).polluted).toBeUndefined();
	});

	test.each(['email]', 'x][y', 'a&form[b]=c', 'first name', 'a/b/c'])(
		'a field named %s, which makes no clean form[a][b] key, is refused by name',
		async (name) => {
			const { result, posts } = await sendLead({
				email: 'victim@b.co',
				[name]: 'attacker@evil.co',
			});
			expect(result.error?.message).toContain(
				`Item 0: input field "${name}" is not a form field name`,
			);
			expect(posts).toHaveLength(0);
		},
	);

	test('plain, form[…] and one-level names go out as their clean form keys', async () => {
		const { result, posts } = await sendLead(
			{
				'form[firstName]': 'Ada',
				lastName: 'Lovelace',
				email: 'ada@b.co',
				'telephone/countryCode': '+44',
			},
			'23',
		);
		expect(result.error).toBeUndefined();
		expect(posts).toHaveLength(1);
		expect([...new URLSearchParams(posts[0].rawBody).keys()]).toEqual([
			'form[firstName]',
			'form[lastName]',
			'form[email]',
			'form[telephone][countryCode]',
			'form[submit]',
		]);
	});

	test('one form key given twice (email and form[email]) is refused by name', async () => {
		const { result, posts } = await sendLead({
			email: 'victim@b.co',
			'form[email]': 'attacker@evil.co',
		});
		expect(result.error?.message).toBe(
			'Item 0: input field "form[email]" gives form[email] a second time',
		);
		expect(posts).toHaveLength(0);
	});
});

describe('Convertr field lists', () => {
	test('a field list (a crafted workflow) holding __proto__/polluted is refused by name', async () => {
		const setup = await convertrSetup();
		const result = await setup.harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: 'a@b.co', '__proto__/polluted': 'yes' }),
			items: [{}],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(({} as Polluted).polluted).toBeUndefined();
		expect(result.error?.message).toMatch(
			/^Item 0: field "__proto__\/polluted" of the field list is not a form field name/,
		);
		expect(setup.fake.leadPosts()).toHaveLength(0);
	});

	test("Convertr's field list holding form[__proto__][x] and form[email]] offers neither to the mapper", async () => {
		const setup = await convertrSetup();
		setup.fake.campaigns[0].forms[0].fields.push('form[__proto__][polluted]', 'form[email]]');
		const { fields } = await setup.harness.loadOptions(
			publisherNode,
			{ resource: 'lead', operation: 'create', campaignId: '100', formId: '35' },
			setup.credentials,
			getFormFields,
		);
		await setup.fake.stop();
		expect(fields.map((f) => f.id)).toEqual(['firstName', 'email', 'lastName']);
	});
});

describe('Kartra Map Automatically', () => {
	test('an account custom field named constructor does not fail items that lack it', async () => {
		const setup = await kartraSetup();
		setup.fake.account.customFields.push({
			field_id: '990',
			field_identifier: 'constructor',
			field_type: 'input_field',
			options: [],
		});
		const result = await setup.harness.run({
			nodeType: kartraNode,
			parameters: lead('create', { email: '={{$json.email}}', fieldsFrom: 'autoMap' }),
			items: [{ email: 'zoe@example.com', first_name: 'Zoë' }],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error).toBeUndefined();
		expect(setup.fake.leads.map((l) => l.email)).toEqual(['zoe@example.com']);
	});
});

describe('Kartra Also Do', () => {
	test('an action named constructor is refused as no Kartra action, nothing sent', async () => {
		const setup = await kartraSetup();
		const result = await setup.harness.run({
			nodeType: kartraNode,
			parameters: lead('create', {
				email: '={{$json.email}}',
				alsoDo: { action: [{ cmd: 'constructor' }] },
			}),
			items: [{ email: 'zoe@example.com' }],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error?.message).toBe(
			'Item 0: "Also Do" action 1 is not a Kartra action: "constructor"',
		);
		expect(setup.fake.calls).toHaveLength(0);
	});
});

describe('Convert visitor properties', () => {
	test('a property named __proto__ is refused by name', async () => {
		const setup = await convertSetup();
		const result = await setup.harness.run({
			nodeType: convertNode,
			parameters: bucketVisitor({
				propertiesInput: 'fields',
				visitorProperties: { property: [{ name: '__proto__', value: '={{ { polluted: 1 } }}' }] },
			}),
			items: [{}],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error?.message).toBe(
			'Item 0: Visitor Properties 1 › Name "__proto__" is not a property name Convert\'s rules can read',
		);
		expect(({} as Polluted).polluted).toBeUndefined();
	});
});
