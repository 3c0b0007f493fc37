import { getCustomFields, getLists, getSequences, getTags } from '../../nodes/Kartra/methods/loadOptions';
import { KARTRA_ERRORS } from '../../nodes/Kartra/transport/errors';
import { kartraNode, kartraSetup, seedLead } from './setup';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('actions on an existing lead: one call each, lead by email or ID', () => {
	test.each([
		['tag', 'assign', { tagName: 'VIP' }, { cmd: 'assign_tag', tag_name: 'VIP' }, 'Tag added to lead'],
		['tag', 'remove', { tagName: 'Newsletter' }, { cmd: 'unassign_tag', tag_name: 'Newsletter' }, 'Tag removed from lead'],
		['list', 'subscribe', { listName: 'Main List' }, { cmd: 'subscribe_lead_to_list', list_name: 'Main List' }, 'Lead subscribed to list'],
		['list', 'unsubscribe', { listName: 'Main List' }, { cmd: 'unsubscribe_lead_from_list', list_name: 'Main List' }, 'Lead unsubscribed from list'],
		['points', 'give', { points: 5, expiration: 0 }, { cmd: 'give_points_to_lead', points: '5', expiration: '0' }, 'Points given to lead'],
		['points', 'remove', { points: 2 }, { cmd: 'remove_points_from_lead', points: '2' }, 'Points removed from lead'],
		['sequence', 'subscribe', { sequenceName: 'Onboarding', step: '2' }, { cmd: 'subscribe_lead_to_sequence_at_step', sequence_name: 'Onboarding', step: '2' }, 'Lead added to sequence'],
		['sequence', 'unsubscribe', { sequenceName: 'Onboarding' }, { cmd: 'unsubscribe_lead_from_sequence', sequence_name: 'Onboarding' }, 'Lead removed from sequence'],
		['calendar', 'subscribe', { calendarName: 'First calendar', className: 'Second class' }, { cmd: 'calendar_subscribe', calendar_name: 'First calendar', class_name: 'Second class' }, 'Lead subscribed to class'],
	])('%s → %s', async (resource, operation, params, wire, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const known = seedLead(fake, 'x@example.com', { tags: ['Newsletter'], lists: ['Main List'] });
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { resource, operation, email: '={{$json.email}}', leadId: '={{$json.id}}', ...params },
			items: [{ email: 'x@example.com' }, { id: known.id }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.calls).toEqual([
			{ lead: { email: 'x@example.com' }, actions: { 0: wire } },
			{ lead: { id: known.id }, actions: { 0: wire } },
		]);
		expect(result.items[0].json).toMatchObject({ email: 'x@example.com', action: wire.cmd, status: 'Success', message });
		expect(result.items[1].json).toMatchObject({ id: known.id, status: 'Success' });
	});

	test('calendar → cancel', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'c@example.com', { calendars: [{ calendar: 'First calendar', className: 'First class', status: 'Active' }] });
		const parameters = { resource: 'calendar', operation: 'cancel', email: 'c@example.com', calendarName: 'First calendar', className: 'First class' };
		const first = await harness.run({ nodeType: kartraNode, parameters, credentials });
		expect(first.items[0].json).toMatchObject({ status: 'Success', message: 'Lead unsubscribed from class', type: '113' });
		const again = await harness.run({ nodeType: kartraNode, parameters, credentials });
		expect(again.error?.message).toBe('Kartra: No active/pending calendar subscription for this lead (type 259)');
	});
});

describe('every error type the node maps is explained', () => {
	const run = async (parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}]) => {
		const { harness, credentials } = setup!;
		return await harness.run({ nodeType: kartraNode, parameters, items, credentials, continueOnFail: true });
	};
	const onLead = (resource: string, operation: string, extra: Record<string, unknown>) => ({ resource, operation, email: 'e@example.com', ...extra });

	test.each([
		['212', onLead('tag', 'assign', { tagName: 'Nope' }), 'Tag does not exist'],
		['214', onLead('tag', 'remove', { tagName: 'Nope' }), 'Tag does not exist'],
		['231', onLead('list', 'subscribe', { listName: 'Nope' }), 'List does not exist'],
		['209', onLead('list', 'unsubscribe', { listName: 'Nope' }), 'List does not exist'],
		['219', onLead('sequence', 'subscribe', { sequenceName: 'Nope', step: '1' }), 'Sequence does not exist'],
		['230', onLead('sequence', 'subscribe', { sequenceName: 'Onboarding', step: '9' }), 'Step does not exist'],
		['220', onLead('sequence', 'unsubscribe', { sequenceName: 'Nope' }), 'Sequence does not exist'],
		['257', onLead('calendar', 'subscribe', { calendarName: 'Nope', className: 'x' }), 'Calendar does not exist'],
		['258', onLead('calendar', 'subscribe', { calendarName: 'First calendar', className: 'Nope' }), 'Class does not exist'],
		['261', onLead('calendar', 'subscribe', { calendarName: 'First calendar', className: 'First class', startingDate: '01 Jan 2001', startingHour: '10:00' }), 'Date is in the past'],
		['243', { resource: 'tag', operation: 'assign', email: 'missing@example.com', tagName: 'VIP' }, 'No lead found'],
		['245', onLead('tag', 'assign', { email: 'deleted@example.com', tagName: 'VIP' }), 'Lead is deleted'],
	])('type %s, produced by the fake', async (type, parameters, message) => {
		setup = await kartraSetup();
		seedLead(setup.fake, 'e@example.com');
		seedLead(setup.fake, 'deleted@example.com', { deleted: true });
		const result = await run(parameters);
		expect(result.items[0].json).toEqual({ error: `Kartra: ${message} (type ${type})`, description: KARTRA_ERRORS[type].hint, httpCode: '200' });
	});

	test.each(['201', '202', '203', '204', '206', '207', '208', '211', '213', '215', '217', '223', '224', '225', '226', '227', '228', '229', '233', '236', '238', '239', '240', '242', '244', '254', '255', '256', '260', '262', '271'])(
		'type %s, answered by Kartra: its message, the hint, the type kept',
		async (type) => {
			setup = await kartraSetup();
			setup.fake.faults.push({ match: () => true, times: 1, answer: { status: 200, body: { status: 'Error', message: `Message for ${type}`, type } } });
			const result = await run(onLead('tag', 'assign', { tagName: 'VIP' }));
			const json = result.items[0].json;
			expect(json.error).toBe(`Kartra: Message for ${type} (type ${type})`);
			expect(String(json.description)).toContain(KARTRA_ERRORS[type].hint);
			expect(json.httpCode).toBe('200');
		},
	);

	test('a wrong API password or app ID, from the fake: the credential is named', async () => {
		setup = await kartraSetup();
		const { harness, fake } = setup;
		const stored = harness.credentials.store.get('kartraApi')!.data;
		const wrongPassword = harness.addCredential('kartraApi', { ...stored, apiPassword: 'wrong-password-1' }, 'wrongPassword');
		const wrongApp = harness.addCredential('kartraApi', { ...stored, appId: 'NoSuchApp' }, 'wrongApp');
		for (const [credentials, message] of [
			[wrongPassword, 'Kartra: API password not valid. Please get an API password first (type 233)'],
			[wrongApp, 'Kartra: App Id is not valid. The app does not exists or is inactive (type 239)'],
		] as const) {
			const result = await harness.run({ nodeType: kartraNode, parameters: onLead('tag', 'assign', { tagName: 'VIP' }), credentials });
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(/Check the Kartra credential/);
			expect(JSON.stringify(result.error)).not.toContain('wrong-password-1');
		}
		expect(fake.leads).toHaveLength(0);
	});

	test('a command the app may not run: 262', async () => {
		setup = await kartraSetup({ deniedCommands: ['give_points_to_lead'] });
		seedLead(setup.fake, 'e@example.com');
		const result = await run(onLead('points', 'give', { points: 3 }));
		expect(result.items[0].json.error).toBe('Kartra: App does not have permission for this command (type 262)');
	});

	test('malformed custom field values are refused by Kartra with 271', async () => {
		setup = await kartraSetup();
		setup.fake.account.customFields[1].options.push({ option_id: '13', option_value: 'other' });
		const { harness, credentials, fake } = setup;
		// the node read the definitions before Kartra's changed: Kartra refuses the option it no longer has
		fake.faults.push({
			match: (_r, body) => (body.actions as Record<string, { cmd?: string }>)?.['0']?.cmd === 'create_lead',
			times: 1,
			answer: { status: 200, body: { status: 'Error', message: 'Wrong custom field format', type: '271' } },
		});
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'lead', operation: 'create', email: 'f@example.com', customFields: { field: [{ identifier: 'gender', value: 'other' }] } },
			credentials,
		});
		expect(result.error?.message).toBe('Kartra: Wrong custom field format (type 271)');
	});
});

describe('live options from the account', () => {
	test('tags, lists, sequences and custom fields', async () => {
		setup = await kartraSetup();
		const { harness, credentials, fake } = setup;
		const params = { resource: 'tag', operation: 'assign' };
		expect(await harness.loadOptions(kartraNode, params, credentials, getTags)).toEqual([
			{ name: 'Buyer & Co', value: 'Buyer & Co' },
			{ name: 'Newsletter', value: 'Newsletter' },
			{ name: 'VIP', value: 'VIP' },
		]);
		expect((await harness.loadOptions(kartraNode, params, credentials, getLists)).map((o) => o.value)).toEqual(['Main List', 'Webinar [2026]']);
		expect((await harness.loadOptions(kartraNode, params, credentials, getSequences)).map((o) => o.value)).toEqual(['Onboarding', 'Win Back']);
		const fields = await harness.loadOptions(kartraNode, params, credentials, getCustomFields);
		expect(fields[0]).toEqual({ name: 'color', value: 'color', description: 'checkboxes: red, blue, green & gold' });
		expect(fields.map((f) => f.value)).toEqual(['color', 'gender', 'favorite_dish', 'bio', 'plan']);
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual([
			'retrieve_account_tags',
			'retrieve_account_lists',
			'retrieve_account_sequences',
			'retrieve_custom_fields',
		]);
	});
});
