import { kartraNode, kartraSetup, createWithTagAndList } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('bad input is refused before anything is sent, naming the item and the field', () => {
	test.each([
		[
			'no email and no ID',
			{ resource: 'tag', operation: 'assign', tagName: 'VIP' },
			{},
			'Item 0: Lead Email or Lead ID is required: give one of them',
		],
		[
			'a malformed email',
			{ resource: 'tag', operation: 'assign', email: '={{$json.e}}', tagName: 'VIP' },
			{ e: 'not-an-email' },
			'Item 0: Lead Email is not a valid email address: "not-an-email"',
		],
		[
			'an email that is a list',
			{ resource: 'lead', operation: 'create', email: '={{$json.e}}' },
			{ e: ['a@b.co'] },
			'Item 0: Lead Email must be an email address, not a list',
		],
		[
			'an email resolving to null',
			{ resource: 'lead', operation: 'upsert', email: '={{$json.e}}' },
			{ e: null },
			'Item 0: Lead Email is required',
		],
		[
			'a non-numeric lead ID',
			{ resource: 'tag', operation: 'assign', leadId: 'abc', tagName: 'VIP' },
			{},
			'Item 0: Lead ID must be a positive whole number, got "abc"',
		],
		[
			'an unknown time zone',
			{
				resource: 'lead',
				operation: 'create',
				email: 'a@b.co',
				leadFields: { lead_preferred_time_zone: '={{$json.tz}}' },
			},
			{ tz: 'Mars/Olympus' },
			'Item 0: lead field "lead_preferred_time_zone" must be one of Kartra\'s time zones (e.g. America/New_York), got "Mars/Olympus"',
		],
		[
			'a lead field that is an object',
			{
				resource: 'lead',
				operation: 'create',
				email: 'a@b.co',
				leadFields: { city: '={{$json.c}}' },
			},
			{ c: { x: 1 } },
			'Item 0: lead field "city" must be text, not object',
		],
		[
			'points that are not a number',
			{ resource: 'points', operation: 'give', email: 'a@b.co', points: '={{$json.p}}' },
			{ p: 'ten' },
			'Item 0: "Points" must be a whole number of at least 1, got "ten"',
		],
		[
			'zero points',
			{ resource: 'points', operation: 'remove', email: 'a@b.co', points: 0 },
			{},
			'Item 0: "Points" must be a whole number of at least 1, got 0',
		],
		[
			'an empty tag',
			{ resource: 'tag', operation: 'assign', email: 'a@b.co', tagName: '={{$json.t}}' },
			{ t: '' },
			'Item 0: "Tag" is required',
		],
		[
			'a tag that is a list',
			{ resource: 'tag', operation: 'assign', email: 'a@b.co', tagName: '={{$json.t}}' },
			{ t: ['VIP'] },
			'Item 0: "Tag" must be text, not a list',
		],
		[
			'a step that is not alphanumeric',
			{
				resource: 'sequence',
				operation: 'subscribe',
				email: 'a@b.co',
				sequenceName: 'Onboarding',
				step: 'step 1',
			},
			{},
			'Item 0: "Step" must be letters or digits (the step\'s box number), got "step 1"',
		],
		[
			'a badly written date',
			{
				resource: 'calendar',
				operation: 'subscribe',
				email: 'a@b.co',
				calendarName: 'First calendar',
				className: 'First class',
				startingDate: '2026-01-16',
			},
			{},
			'Item 0: "Starting Date" must look like 16 Jan 2026, got "2026-01-16"',
		],
		[
			'a badly written hour',
			{
				resource: 'calendar',
				operation: 'subscribe',
				email: 'a@b.co',
				calendarName: 'First calendar',
				className: 'First class',
				startingHour: '3pm',
			},
			{},
			'Item 0: "Starting Hour" must look like 15:00, got "3pm"',
		],
		[
			'an "Also Do" action with no tag',
			{
				resource: 'lead',
				operation: 'create',
				email: 'a@b.co',
				alsoDo: { action: [{ cmd: 'assign_tag', tagName: '={{$json.t}}' }] },
			},
			{ t: '' },
			'Item 0: "Also Do" action 1 (Assign Tag) field "Tag" is required',
		],
	])('%s', async (_name, parameters, json, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters,
			items: [json],
			credentials,
		});
		expect(result.error?.message).toBe(message);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(fake.requests).toHaveLength(0);
	});

	test.each([
		[
			'an unknown custom field',
			[{ identifier: 'nope', value: 'x' }],
			'Item 0: custom field "nope" does not exist in this Kartra account',
		],
		[
			'an unknown option',
			[{ identifier: 'gender', value: 'other' }],
			'Item 0: custom field "gender" has no option "other"',
		],
		[
			'two options for a drop-down',
			[{ identifier: 'gender', value: 'male, female' }],
			'Item 0: custom field "gender" takes one option, got 2',
		],
		[
			'an object for a text field',
			[{ identifier: 'favorite_dish', value: '={{ {a: 1} }}' }],
			'Item 0: custom field "favorite_dish" must be text, not object',
		],
	])('custom fields: %s (only the field list is read)', async (_name, field, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'lead',
				operation: 'create',
				email: 'a@b.co',
				customFields: { field },
			},
			credentials,
		});
		expect(result.error?.message).toBe(message);
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual([
			'retrieve_custom_fields',
		]);
	});

	test('with continue-on-fail, bad items become error items and the others are sent', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: createWithTagAndList,
			items: [{ email: 'ok1@example.com' }, { email: 'bad' }, { email: 'ok2@example.com' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.error ?? i.json.result)).toEqual([
			'created',
			'Item 1: Lead Email is not a valid email address: "bad"',
			'created',
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fake.requests).toHaveLength(2);
	});
});
