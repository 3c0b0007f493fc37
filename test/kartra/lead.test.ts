import { parsePhpQuery } from '../fakes/phpQuery';
import { expectNoSecrets } from '../convertr/secrets';
import { kartraNode, kartraSecretValues, kartraSetup, seedLead } from './setup';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const lead = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'lead', operation, ...extra });

describe('Lead → Create', () => {
	test('lead fields, every kind of custom field and chained actions go in one call, PHP-encoded', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', {
				email: '={{$json.email}}',
				leadFields: { first_name: 'Zoë', last_name: 'O\'Brien & Sons', lead_preferred_time_zone: 'Europe/London', business_type: 2 },
				customFields: {
					field: [
						{ identifier: 'favorite_dish', value: 'fish & chips = [yum]' },
						{ identifier: 'gender', value: 'female' },
						{ identifier: 'color', value: 'red, 3' },
						{ identifier: 'plan', value: '22' },
						{ identifier: 'bio', value: '' },
					],
				},
				alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'Buyer & Co' }, { cmd: 'subscribe_lead_to_list', listName: 'Webinar [2026]' }] },
			}),
			items: [{ email: 'zoe@example.com' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		// one call for the custom field definitions (once per execution), one for the lead
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual(['retrieve_custom_fields', 'create_lead']);
		const body = fake.requests[1].rawBody;
		expect(body.startsWith('app_id=AppIdForTests01&api_key=kartra-key-7e2f1a9c&api_password=kartra-pass-%26%3D%5B%5D-42&')).toBe(true);
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
			actions: { 0: { cmd: 'create_lead' }, 1: { cmd: 'assign_tag', tag_name: 'Buyer & Co' }, 2: { cmd: 'subscribe_lead_to_list', list_name: 'Webinar [2026]' } },
		});
		const stored = fake.leadByEmail('zoe@example.com')!;
		expect(stored.tags).toEqual(['Buyer & Co']);
		expect(stored.lists).toEqual(['Webinar [2026]']);
		expect(stored.custom).toEqual({ favorite_dish: 'fish & chips = [yum]', gender: '12', color: ['1', '3'], plan: '22' });
		expect(result.items[0].json).toEqual({
			leadId: stored.id,
			email: 'zoe@example.com',
			result: 'created',
			actions: [
				{ cmd: 'create_lead', status: 'Success', leadId: stored.id },
				{ cmd: 'assign_tag', status: 'Success', message: 'Tag added to lead', type: '103' },
				{ cmd: 'subscribe_lead_to_list', status: 'Success', message: 'Lead subscribed to list', type: '101' },
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
						{ cmd: 'calendar_subscribe', calendarName: 'First calendar', className: 'First class', startingDate: '16 Jan 2099', startingHour: '15:00' },
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
			{ cmd: 'calendar_subscribe', calendar_name: 'First calendar', class_name: 'First class', starting_date: '16 Jan 2099', starting_hour: '15:00' },
			{ cmd: 'calendar_cancel', calendar_name: 'First calendar', class_name: 'First class' },
		]);
		const stored = fake.leadByEmail('all@example.com')!;
		expect(stored).toMatchObject({ tags: ['VIP'], lists: ['Main List'], points: 7 });
		expect(stored.sequences).toEqual([{ name: 'Win Back', step: 'A2', status: 'unsubscribed' }]);
		expect(stored.calendars).toEqual([{ calendar: 'First calendar', className: 'First class', status: 'Cancelled' }]);
		expect((result.items[0].json.actions as unknown[]).length).toBe(13);
	});

	test('an existing email: Kartra\'s 244, explained', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'old@example.com');
		const result = await harness.run({ nodeType: kartraNode, parameters: lead('create', { email: 'old@example.com' }), credentials });
		expect(result.error?.message).toBe('Kartra: Lead already exists (type 244)');
		expect(result.error?.description).toMatch(/use Update or Create or Update/);
		expect(result.error?.httpCode).toBe('200');
	});

	test('a chained action that fails after the lead was created says what was done', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('create', { email: 'n@example.com', alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'No Such Tag' }] } }),
			credentials,
			continueOnFail: true,
		});
		const stored = fake.leadByEmail('n@example.com')!;
		expect(result.items[0].json).toEqual({
			error: 'Kartra: Tag does not exist (type 212)',
			description: `The tag does not exist in this Kartra account: create it in Kartra first, or check its name. Done before the error: create_lead (lead ${stored.id}).`,
			httpCode: '200',
		});
		expect(fake.calls).toHaveLength(1);
	});
});

describe('Lead → Create or Update', () => {
	const upsert = (extra: Record<string, unknown> = {}) =>
		lead('upsert', { email: '={{$json.email}}', leadFields: { first_name: '={{$json.name}}' }, alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'VIP' }] }, ...extra });

	test('update first: one call for a known lead, two for a new one', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'known@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert(),
			items: [{ email: 'known@example.com', name: 'Known' }, { email: 'new@example.com', name: 'New' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.result, i.json.kartraCalls])).toEqual([
			['updated', 1],
			['created', 2],
		]);
		expect(fake.calls.map((c) => [(c.lead as { email: string }).email, (c.actions as Record<string, { cmd: string }>)['0'].cmd])).toEqual([
			['known@example.com', 'edit_lead'],
			['new@example.com', 'edit_lead'],
			['new@example.com', 'create_lead'],
		]);
		expect(fake.leadByEmail('known@example.com')).toMatchObject({ fields: { first_name: 'Known' }, tags: ['VIP'] });
		expect(fake.leadByEmail('new@example.com')).toMatchObject({ fields: { first_name: 'New' }, tags: ['VIP'] });
		expect(fake.leads).toHaveLength(2);
	});

	test('create first: one call for a new lead, two for a known one', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'known@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert({ options: { tryFirst: 'create' } }),
			items: [{ email: 'known@example.com', name: 'Known' }, { email: 'new@example.com', name: 'New' }],
			credentials,
		});
		expect(result.items.map((i) => [i.json.result, i.json.kartraCalls])).toEqual([
			['updated', 2],
			['created', 1],
		]);
		expect(fake.calls).toHaveLength(3);
		expect(fake.leads).toHaveLength(2);
	});
});

describe('Lead → Create or Update: one lead per email, whatever runs at once', () => {
	const upsert = (extra: Record<string, unknown> = {}) =>
		lead('upsert', { email: '={{$json.email}}', leadFields: { first_name: '={{$json.name}}' }, ...extra });
	const commands = (fake: Setup['fake']) =>
		fake.calls.map((c) => [(c.lead as { email: string }).email.toLowerCase(), (c.actions as Record<string, { cmd: string }>)['0'].cmd]);

	test('the same new email in two rows of one execution: one create, the second row updates that lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert({ options: { concurrency: 4 } }),
			items: [{ email: 'dup@example.com', name: 'First' }, { email: 'other@example.com', name: 'Other' }, { email: 'DUP@example.com', name: 'Second' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.email, i.json.result])).toEqual([
			['dup@example.com', 'created'],
			['other@example.com', 'created'],
			['DUP@example.com', 'updated'],
		]);
		expect(commands(fake).filter(([email]) => email === 'dup@example.com')).toEqual([
			['dup@example.com', 'edit_lead'],
			['dup@example.com', 'create_lead'],
			['dup@example.com', 'edit_lead'],
		]);
		expect(fake.leads.filter((l) => l.email.toLowerCase() === 'dup@example.com')).toHaveLength(1);
		// the rows reached Kartra in their order: the second row's name is the one kept
		expect(fake.leadByEmail('dup@example.com')?.fields.first_name).toBe('Second');
		expect(result.items[2].json.leadId).toBe(result.items[0].json.leadId);
	});

	test('created elsewhere between the edit and the create (Kartra\'s 244): the item ends as an update, no third create', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		// another execution creates the lead just before this one's create arrives
		fake.faults.push({
			times: 1,
			answer: { status: 500 },
			match: (_request, body) => {
				const cmd = (body.actions as Record<string, { cmd?: string }> | undefined)?.['0']?.cmd;
				if (cmd === 'create_lead' && !fake.leadByEmail('race@example.com')) seedLead(fake, 'race@example.com');
				return false;
			},
		});
		const result = await harness.run({ nodeType: kartraNode, parameters: upsert(), items: [{ email: 'race@example.com', name: 'Racer' }], credentials });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ result: 'updated', kartraCalls: 3 });
		expect(commands(fake)).toEqual([
			['race@example.com', 'edit_lead'],
			['race@example.com', 'create_lead'],
			['race@example.com', 'edit_lead'],
		]);
		expect(fake.leads).toHaveLength(1);
		expect(fake.leadByEmail('race@example.com')?.fields.first_name).toBe('Racer');
	});
});

describe('Lead → Update, Get, Search', () => {
	test('update by ID with a new email; by email; unknown lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const a = seedLead(fake, 'a@example.com');
		seedLead(fake, 'b@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('update', { email: '={{$json.email}}', leadId: '={{$json.id}}', newEmail: '={{$json.newEmail}}', leadFields: { city: 'Leeds' } }),
			items: [
				{ id: a.id, newEmail: 'a2@example.com' },
				{ email: 'b@example.com' },
				{ email: 'missing@example.com' },
				{ email: 'b@example.com', newEmail: 'a2@example.com' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(fake.calls[0]).toEqual({ lead: { id: a.id, new_email: 'a2@example.com', city: 'Leeds' }, actions: { 0: { cmd: 'edit_lead' } } });
		expect(result.items.map((i) => i.json.error ?? i.json.result)).toEqual([
			'updated',
			'updated',
			'Kartra: No lead found (type 243)',
			'Kartra: Lead already exists (type 244)',
		]);
		expect(result.items[0].json.email).toBe('a2@example.com');
		expect(fake.leadByEmail('a2@example.com')?.fields.city).toBe('Leeds');
	});

	test('get: the whole profile, or simplified', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'g@example.com', { tags: ['VIP'], lists: ['Main List'], custom: { color: ['1', '2'], gender: '11', favorite_dish: 'soup' } });
		const full = await harness.run({ nodeType: kartraNode, parameters: lead('get', { email: 'g@example.com', simplify: false }), credentials });
		expect(fake.calls[0]).toEqual({ get_lead: { email: 'g@example.com' } });
		expect(full.items[0].json).toMatchObject({ email: 'g@example.com', tags: [{ tag_name: 'VIP' }], transactions: [], surveys: [] });
		const simple = await harness.run({ nodeType: kartraNode, parameters: lead('get', { email: 'g@example.com', simplify: true }), credentials });
		expect(simple.items[0].json).toMatchObject({
			email: 'g@example.com',
			first_name: 'Seed',
			tags: ['VIP'],
			lists: ['Main List'],
			custom_fields: { color: ['red', 'blue'], gender: 'male', favorite_dish: 'soup', bio: '', plan: '' },
		});
		expect(simple.items[0].json.transactions).toBeUndefined();
		const missing = await harness.run({ nodeType: kartraNode, parameters: lead('get', { email: 'nobody@example.com' }), credentials });
		expect(missing.error?.message).toBe('Kartra: No lead found (type 234)');
	});

	test('get a deleted lead: 245', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'd@example.com', { deleted: true });
		const result = await harness.run({ nodeType: kartraNode, parameters: lead('get', { email: 'd@example.com' }), credentials });
		expect(result.error?.message).toBe('Kartra: Lead is deleted (type 245)');
	});

	test('search: found, not found (an answer, not an error)', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const s = seedLead(fake, 's@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('search', { email: '={{$json.email}}' }),
			items: [{ email: 's@example.com' }, { email: 'none@example.com' }],
			credentials,
		});
		expect(result.items.map((i) => i.json)).toEqual([
			{ email: 's@example.com', found: true, leadId: s.id },
			{ email: 'none@example.com', found: false, leadId: null },
		]);
		expect(parsePhpQuery(fake.requests[0].rawBody).actions).toEqual({ 0: { cmd: 'search_lead' } });
	});
});
