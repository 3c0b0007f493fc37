import { expectNoSecrets } from '../../../harness/secrets.cjs';
import {
	kartraNode,
	kartraSecretValues,
	kartraSetup,
	seedLead,
	lead,
} from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Lead → Create', () => {
	test('lead fields, every kind of custom field and chained actions go in one call, PHP-encoded', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', {
				email: '={{$json.email}}',
				leadFields: {
					first_name: 'Zoë',
					last_name: "O'Brien & Sons",
					lead_preferred_time_zone: 'Europe/London',
					business_type: 2,
				},
				customFields: {
					field: [
						{ identifier: 'favorite_dish', value: 'fish & chips = [yum]' },
						{ identifier: 'gender', value: 'female' },
						{ identifier: 'color', value: 'red, 3' },
						{ identifier: 'plan', value: '22' },
						{ identifier: 'bio', value: '' },
					],
				},
				alsoDo: {
					action: [
						{ cmd: 'assign_tag', tagName: 'Buyer & Co' },
						{ cmd: 'subscribe_lead_to_list', listName: 'Webinar [2026]' },
					],
				},
			}),
			items: [{ email: 'zoe@example.com' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		// one call for the custom field definitions (once per execution), one for the lead
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual([
			'retrieve_custom_fields',
			'create_lead',
		]);
		const body = fake.requests[1].rawBody;
		expect(
			body.startsWith(
				'app_id=AppIdForTests01&api_key=kartra-key-7e2f1a9c&api_password=kartra-pass-%26%3D%5B%5D-42&',
			),
		).toBe(true);
		expect(fake.calls[1]).toEqual({
			lead: {
				email: 'zoe@example.com',
				first_name: 'Zoë',
				last_name: "O'Brien & Sons",
				lead_preferred_time_zone: 'Europe/London',
				business_type: '2',
				custom_fields: {
					0: { field_identifier: 'favorite_dish', field_value: 'fish & chips = [yum]' },
					1: { field_identifier: 'gender', field_value: '12' },
					2: { field_identifier: 'color', field_value: { 0: '1', 1: '3' } },
					3: { field_identifier: 'plan', field_value: '22' },
					4: { field_identifier: 'bio', field_value: '' },
				},
			},
			actions: {
				0: { cmd: 'create_lead' },
				1: { cmd: 'assign_tag', tag_name: 'Buyer & Co' },
				2: { cmd: 'subscribe_lead_to_list', list_name: 'Webinar [2026]' },
			},
		});
		const stored = fake.leadByEmail('zoe@example.com')!;
		expect(stored.tags).toEqual(['Buyer & Co']);
		expect(stored.lists).toEqual(['Webinar [2026]']);
		expect(stored.custom).toEqual({
			favorite_dish: 'fish & chips = [yum]',
			gender: '12',
			color: ['1', '3'],
			plan: '22',
		});
		expect(result.items[0].json).toEqual({
			leadId: stored.id,
			email: 'zoe@example.com',
			result: 'created',
			actions: [
				{ cmd: 'create_lead', status: 'Success', leadId: stored.id },
				{ cmd: 'assign_tag', status: 'Success', message: 'Tag added to lead', type: '103' },
				{
					cmd: 'subscribe_lead_to_list',
					status: 'Success',
					message: 'Lead subscribed to list',
					type: '101',
				},
			],
			kartraCalls: 1,
		});
		expectNoSecrets([result.items], kartraSecretValues);
	});

	test('every action can be chained after create in the same call', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', {
				email: 'all@example.com',
				alsoDo: {
					action: [
						{ cmd: 'assign_tag', tagName: 'VIP' },
						{ cmd: 'assign_tag', tagName: 'Newsletter' },
						{ cmd: 'unassign_tag', tagName: 'Newsletter' },
						{ cmd: 'subscribe_lead_to_list', listName: 'Main List' },
						{ cmd: 'subscribe_lead_to_list', listName: 'Webinar [2026]' },
						{ cmd: 'unsubscribe_lead_from_list', listName: 'Webinar [2026]' },
						{ cmd: 'give_points_to_lead', points: 10, expiration: 30 },
						{ cmd: 'remove_points_from_lead', points: 3 },
						{ cmd: 'subscribe_lead_to_sequence_at_step', sequenceName: 'Win Back', step: 'A2' },
						{ cmd: 'unsubscribe_lead_from_sequence', sequenceName: 'Win Back' },
						{
							cmd: 'calendar_subscribe',
							calendarName: 'First calendar',
							className: 'First class',
							startingDate: '16 Jan 2099',
							startingHour: '15:00',
						},
						{ cmd: 'calendar_cancel', calendarName: 'First calendar', className: 'First class' },
					],
				},
			}),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.calls).toHaveLength(1);
		expect(Object.values(fake.calls[0].actions as object)).toEqual([
			{ cmd: 'create_lead' },
			{ cmd: 'assign_tag', tag_name: 'VIP' },
			{ cmd: 'assign_tag', tag_name: 'Newsletter' },
			{ cmd: 'unassign_tag', tag_name: 'Newsletter' },
			{ cmd: 'subscribe_lead_to_list', list_name: 'Main List' },
			{ cmd: 'subscribe_lead_to_list', list_name: 'Webinar [2026]' },
			{ cmd: 'unsubscribe_lead_from_list', list_name: 'Webinar [2026]' },
			{ cmd: 'give_points_to_lead', points: '10', expiration: '30' },
			{ cmd: 'remove_points_from_lead', points: '3' },
			{ cmd: 'subscribe_lead_to_sequence_at_step', sequence_name: 'Win Back', step: 'A2' },
			{ cmd: 'unsubscribe_lead_from_sequence', sequence_name: 'Win Back' },
			{
				cmd: 'calendar_subscribe',
				calendar_name: 'First calendar',
				class_name: 'First class',
				starting_date: '16 Jan 2099',
				starting_hour: '15:00',
			},
			{ cmd: 'calendar_cancel', calendar_name: 'First calendar', class_name: 'First class' },
		]);
		const stored = fake.leadByEmail('all@example.com')!;
		expect(stored).toMatchObject({ tags: ['VIP'], lists: ['Main List'], points: 7 });
		expect(stored.sequences).toEqual([{ name: 'Win Back', step: 'A2', status: 'unsubscribed' }]);
		expect(stored.calendars).toEqual([
			{ calendar: 'First calendar', className: 'First class', status: 'Cancelled' },
		]);
		expect((result.items[0].json.actions as unknown[]).length).toBe(13);
	});

	test("an existing email: Kartra's 244, explained", async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'old@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', { email: 'old@example.com' }),
			credentials,
		});
		expect(result.error?.message).toBe('Kartra: Lead already exists (type 244)');
		expect(result.error?.description).toMatch(/use Update or Create or Update/);
		expect(result.error?.httpCode).toBe('200');
	});

	test('a chained action that fails after the lead was created says what was done', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', {
				email: 'n@example.com',
				alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'No Such Tag' }] },
			}),
			credentials,
			continueOnFail: true,
		});
		const stored = fake.leadByEmail('n@example.com')!;
		expect(result.items[0].json).toEqual({
			leadId: null,
			email: 'n@example.com',
			error: 'Kartra: Tag does not exist (type 212)',
			description: `The tag does not exist in this Kartra account: create it in Kartra first, or check its name. Done before the error: create_lead (lead ${stored.id}).`,
			httpCode: '200',
		});
		expect(fake.calls).toHaveLength(1);
	});
});
