import { kartraNode, kartraSetup, seedLead } from '../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('actions on an existing lead: one call each, lead by email or ID', () => {
	test.each([
		[
			'tag',
			'assign',
			{ tagName: 'VIP' },
			{ cmd: 'assign_tag', tag_name: 'VIP' },
			'Tag added to lead',
		],
		[
			'tag',
			'remove',
			{ tagName: 'Newsletter' },
			{ cmd: 'unassign_tag', tag_name: 'Newsletter' },
			'Tag removed from lead',
		],
		[
			'list',
			'subscribe',
			{ listName: 'Main List' },
			{ cmd: 'subscribe_lead_to_list', list_name: 'Main List' },
			'Lead subscribed to list',
		],
		[
			'list',
			'unsubscribe',
			{ listName: 'Main List' },
			{ cmd: 'unsubscribe_lead_from_list', list_name: 'Main List' },
			'Lead unsubscribed from list',
		],
		[
			'points',
			'give',
			{ points: 5, expiration: 0 },
			{ cmd: 'give_points_to_lead', points: '5', expiration: '0' },
			'Points given to lead',
		],
		[
			'points',
			'remove',
			{ points: 2 },
			{ cmd: 'remove_points_from_lead', points: '2' },
			'Points removed from lead',
		],
		[
			'sequence',
			'subscribe',
			{ sequenceName: 'Onboarding', step: '2' },
			{ cmd: 'subscribe_lead_to_sequence_at_step', sequence_name: 'Onboarding', step: '2' },
			'Lead added to sequence',
		],
		[
			'sequence',
			'unsubscribe',
			{ sequenceName: 'Onboarding' },
			{ cmd: 'unsubscribe_lead_from_sequence', sequence_name: 'Onboarding' },
			'Lead removed from sequence',
		],
		[
			'calendar',
			'subscribe',
			{ calendarName: 'First calendar', className: 'Second class' },
			{ cmd: 'calendar_subscribe', calendar_name: 'First calendar', class_name: 'Second class' },
			'Lead subscribed to class',
		],
	])('%s → %s', async (resource, operation, params, wire, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const known = seedLead(fake, 'x@example.com', { tags: ['Newsletter'], lists: ['Main List'] });
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource,
				operation,
				email: '={{$json.email}}',
				leadId: '={{$json.id}}',
				...params,
			},
			items: [{ email: 'x@example.com' }, { id: known.id }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.calls).toEqual([
			{ lead: { email: 'x@example.com' }, actions: { 0: wire } },
			{ lead: { id: known.id }, actions: { 0: wire } },
		]);
		expect(result.items[0].json).toMatchObject({
			email: 'x@example.com',
			action: wire.cmd,
			status: 'Success',
			message,
		});
		expect(result.items[1].json).toMatchObject({ id: known.id, status: 'Success' });
	});

	test('calendar → cancel', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'c@example.com', {
			calendars: [{ calendar: 'First calendar', className: 'First class', status: 'Active' }],
		});
		const parameters = {
			resource: 'calendar',
			operation: 'cancel',
			email: 'c@example.com',
			calendarName: 'First calendar',
			className: 'First class',
		};
		const first = await harness.run({ nodeType: kartraNode, parameters, credentials });
		expect(first.items[0].json).toMatchObject({
			status: 'Success',
			message: 'Lead unsubscribed from class',
			type: '113',
		});
		const again = await harness.run({ nodeType: kartraNode, parameters, credentials });
		expect(again.error?.message).toBe(
			'Kartra: No active/pending calendar subscription for this lead (type 259)',
		);
	});
});

describe("a lead action's output", () => {
	const run = async (typeVersion?: number) => {
		setup = await kartraSetup();
		seedLead(setup.fake, 'x@example.com');
		return await setup.harness.run({
			nodeType: kartraNode,
			typeVersion,
			parameters: { resource: 'tag', operation: 'assign', email: 'x@example.com', tagName: 'VIP' },
			credentials: setup.credentials,
		});
	};

	test('names the action once, as `action`, beside its values', async () => {
		const result = await run();
		expect(result.items[0].json).toEqual({
			email: 'x@example.com',
			action: 'assign_tag',
			tag_name: 'VIP',
			status: 'Success',
			message: 'Tag added to lead',
			type: expect.any(String),
		});
	});

	test('of a node added at version 1.1 still has Kartra’s `cmd` beside `action`', async () => {
		const result = await run(1.1);
		expect(result.items[0].json).toMatchObject({ action: 'assign_tag', cmd: 'assign_tag' });
	});
});
