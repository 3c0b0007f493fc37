import { parsePhpQuery } from '../../../fakes/phpQuery.cjs';
import { kartraNode, kartraSetup, seedLead, lead } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Lead → Update, Get, Search', () => {
	test('update by ID with a new email; by email; unknown lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const a = seedLead(fake, 'a@example.com');
		seedLead(fake, 'b@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('update', {
				email: '={{$json.email}}',
				leadId: '={{$json.id}}',
				newEmail: '={{$json.newEmail}}',
				leadFields: { city: 'Leeds' },
			}),
			items: [
				{ id: a.id, newEmail: 'a2@example.com' },
				{ email: 'b@example.com' },
				{ email: 'missing@example.com' },
				{ email: 'b@example.com', newEmail: 'a2@example.com' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(fake.calls[0]).toEqual({
			lead: { id: a.id, new_email: 'a2@example.com', city: 'Leeds' },
			actions: { 0: { cmd: 'edit_lead' } },
		});
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
		seedLead(fake, 'g@example.com', {
			tags: ['VIP'],
			lists: ['Main List'],
			custom: { color: ['1', '2'], gender: '11', favorite_dish: 'soup' },
		});
		const full = await harness.run({
			nodeType: kartraNode,
			parameters: lead('get', { email: 'g@example.com', simplify: false }),
			credentials,
		});
		expect(fake.calls[0]).toEqual({ get_lead: { email: 'g@example.com' } });
		expect(full.items[0].json).toMatchObject({
			email: 'g@example.com',
			tags: [{ tag_name: 'VIP' }],
			transactions: [],
			surveys: [],
			date_joined: '2026-11-23 10:00:00',
		});
		const simple = await harness.run({
			nodeType: kartraNode,
			parameters: lead('get', { email: 'g@example.com', simplify: true }),
			credentials,
		});
		expect(simple.items[0].json).toMatchObject({
			email: 'g@example.com',
			first_name: 'Seed',
			// Kartra's Eastern text with the offset of that day (standard time in November)
			date_joined: '2026-11-23T10:00:00-05:00',
			tags: ['VIP'],
			lists: ['Main List'],
			custom_fields: {
				color: ['red', 'blue'],
				gender: 'male',
				favorite_dish: 'soup',
				bio: '',
				plan: '',
			},
		});
		expect(simple.items[0].json.transactions).toBeUndefined();
		const missing = await harness.run({
			nodeType: kartraNode,
			parameters: lead('get', { email: 'nobody@example.com' }),
			credentials,
		});
		expect(missing.error?.message).toBe('Kartra: No lead found (type 234)');
	});

	test('get a deleted lead: 245', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'd@example.com', { deleted: true });
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: lead('get', { email: 'd@example.com' }),
			credentials,
		});
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
