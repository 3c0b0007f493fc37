// Lead Fields From: Map Automatically on Create, Update and Create or Update: the item's fields named as Kartra names
// the profile fields, and those named as one of the account's custom field identifiers, go in; nothing else does.
import { kartraNode, kartraSetup, lead } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

test('Create: profile fields by their Kartra names and custom fields by identifier, the same wire as Set Below', async () => {
	setup = await kartraSetup();
	const { fake, harness, credentials } = setup;
	const item = {
		email: 'zoe@example.com',
		first_name: 'Zoë',
		last_name: "O'Brien & Sons",
		lead_preferred_time_zone: 'Europe/London',
		business_type: 2,
		favorite_dish: 'fish & chips = [yum]',
		gender: 'female',
		color: ['red', '3'],
		utm_source: 'newsletter', // neither a profile field nor a custom field: left out
		phone: '   ', // blank: not sent
	};
	const auto = await harness.run({
		nodeType: kartraNode,
		parameters: lead('create', { email: '={{$json.email}}', fieldsFrom: 'autoMap' }),
		items: [item],
		credentials,
	});
	expect(auto.error).toBeUndefined();
	const setBelow = await harness.run({
		nodeType: kartraNode,
		parameters: lead('create', {
			email: 'zoe2@example.com',
			leadFields: {
				first_name: 'Zoë',
				last_name: "O'Brien & Sons",
				lead_preferred_time_zone: 'Europe/London',
				business_type: 2,
			},
			customFields: {
				field: [
					{ identifier: 'color', value: 'red, 3' },
					{ identifier: 'gender', value: 'female' },
					{ identifier: 'favorite_dish', value: 'fish & chips = [yum]' },
				],
			},
		}),
		items: [{}],
		credentials,
	});
	expect(setBelow.error).toBeUndefined();
	const creates = fake.calls.filter(
		(c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd === 'create_lead',
	);
	expect(creates).toHaveLength(2);
	const { email: _a, ...autoLead } = creates[0].lead as Record<string, unknown>;
	const { email: _b, ...setLead } = creates[1].lead as Record<string, unknown>;
	expect(autoLead).toEqual(setLead);
	expect(autoLead).toMatchObject({ first_name: 'Zoë', business_type: '2' });
	expect(JSON.stringify(creates[0])).not.toMatch(/utm_source|newsletter|phone/);
	expect(fake.leadByEmail('zoe@example.com')!.custom).toEqual({
		favorite_dish: 'fish & chips = [yum]',
		gender: '12',
		color: ['1', '3'],
	});
});

test('Update and Create or Update map too; a bad value names the item and the input field, and nothing is sent for it', async () => {
	setup = await kartraSetup();
	const { fake, harness, credentials } = setup;
	const upsert = await harness.run({
		nodeType: kartraNode,
		parameters: lead('upsert', { email: '={{$json.email}}', fieldsFrom: 'autoMap' }),
		items: [
			{ email: 'a@example.com', company: 'Acme' },
			{ email: 'b@example.com', lead_preferred_time_zone: 'Mars/Olympus' },
			{ email: 'c@example.com', gender: 'robot' },
		],
		credentials,
		continueOnFail: true,
	});
	expect(upsert.items.map((i) => i.json.error ?? i.json.result)).toEqual([
		'created',
		expect.stringMatching(
			/^Item 1: input field "lead_preferred_time_zone" must be one of Kartra's time zones/,
		),
		expect.stringMatching(/^Item 2: custom field "gender" has no option "robot"/),
	]);
	expect(fake.leadByEmail('a@example.com')).toBeDefined();
	expect(fake.leadByEmail('b@example.com')).toBeUndefined();
	expect(fake.leadByEmail('c@example.com')).toBeUndefined();

	const update = await harness.run({
		nodeType: kartraNode,
		parameters: lead('update', { email: '={{$json.email}}', fieldsFrom: 'autoMap' }),
		items: [{ email: 'a@example.com', city: 'Leeds', favorite_dish: 'pie' }],
		credentials,
	});
	expect(update.error).toBeUndefined();
	const stored = fake.leadByEmail('a@example.com')!;
	expect(stored.fields).toMatchObject({ company: 'Acme', city: 'Leeds' });
	expect(stored.custom).toMatchObject({ favorite_dish: 'pie' });
});
