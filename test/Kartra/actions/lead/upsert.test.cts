import { kartraNode, kartraSetup, seedLead, lead } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('Lead → Create or Update', () => {
	const upsert = (extra: Record<string, unknown> = {}) =>
		lead('upsert', {
			email: '={{$json.email}}',
			leadFields: { first_name: '={{$json.name}}' },
			alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'VIP' }] },
			...extra,
		});

	test('update first: one call for a known lead, two for a new one', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'known@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert(),
			items: [
				{ email: 'known@example.com', name: 'Known' },
				{ email: 'new@example.com', name: 'New' },
			],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.result, i.json.kartraCalls])).toEqual([
			['updated', 1],
			['created', 2],
		]);
		expect(
			fake.calls.map((c) => [
				(c.lead as { email: string }).email,
				(c.actions as Record<string, { cmd: string }>)['0'].cmd,
			]),
		).toEqual([
			['known@example.com', 'edit_lead'],
			['new@example.com', 'edit_lead'],
			['new@example.com', 'create_lead'],
		]);
		expect(fake.leadByEmail('known@example.com')).toMatchObject({
			fields: { first_name: 'Known' },
			tags: ['VIP'],
		});
		expect(fake.leadByEmail('new@example.com')).toMatchObject({
			fields: { first_name: 'New' },
			tags: ['VIP'],
		});
		expect(fake.leads).toHaveLength(2);
	});

	test('create first: one call for a new lead, two for a known one', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'known@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert({ options: { tryFirst: 'create' } }),
			items: [
				{ email: 'known@example.com', name: 'Known' },
				{ email: 'new@example.com', name: 'New' },
			],
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
		lead('upsert', {
			email: '={{$json.email}}',
			leadFields: { first_name: '={{$json.name}}' },
			...extra,
		});
	const commands = (fake: Setup['fake']) =>
		fake.calls.map((c) => [
			(c.lead as { email: string }).email.toLowerCase(),
			(c.actions as Record<string, { cmd: string }>)['0'].cmd,
		]);

	test('the same new email in two rows of one execution: one create, the second row updates that lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert({ options: { concurrency: 4 } }),
			items: [
				{ email: 'dup@example.com', name: 'First' },
				{ email: 'other@example.com', name: 'Other' },
				{ email: 'DUP@example.com', name: 'Second' },
			],
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

	test("created elsewhere between the edit and the create (Kartra's 244): the item ends as an update, no third create", async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		// another execution creates the lead just before this one's create arrives
		fake.faults.push({
			times: 1,
			answer: { status: 500 },
			match: (_request, body) => {
				const cmd = (body.actions as Record<string, { cmd?: string }> | undefined)?.['0']?.cmd;
				if (cmd === 'create_lead' && !fake.leadByEmail('race@example.com'))
					seedLead(fake, 'race@example.com');
				return false;
			},
		});
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: upsert(),
			items: [{ email: 'race@example.com', name: 'Racer' }],
			credentials,
		});
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
