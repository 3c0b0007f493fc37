// Version 1.1 of Kartra Lead: the lead actions' tag, list and sequence are resource locators (From List with search,
// By Name); version 1 keeps its dropdowns, and both send the same call.
import type { INodeProperties } from 'n8n-workflow';

import { searchLists, searchSequences, searchTags } from '../../nodes/Kartra/methods/loadOptions';
import { kartraNode, kartraSetup, seedLead } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const locator = (mode: string, value: string) => ({ __rl: true, mode, value });

test('the tag, list and sequence parameters are resource locators from version 1.1, dropdowns in version 1', () => {
	const properties = kartraNode.description.properties as INodeProperties[];
	for (const name of ['tagName', 'listName', 'sequenceName']) {
		const kinds = properties
			.filter((p) => p.name === name)
			.map((p) => [p.type, JSON.stringify(p.displayOptions?.show?.['@version'])]);
		expect(kinds).toContainEqual(['resourceLocator', JSON.stringify([{ _cnd: { gte: 1.1 } }])]);
		expect(kinds).toContainEqual(['options', JSON.stringify([1])]);
	}
	expect(kartraNode.description.defaultVersion).toBe(1.2);
});

test("From List searches the account's names; what the user types filters them", async () => {
	setup = await kartraSetup();
	const { harness, credentials } = setup;
	const params = { resource: 'tag', operation: 'assign' };
	const all = await harness.loadOptions(kartraNode, params, credentials, async function () {
		return await searchTags.call(this);
	});
	expect(all.results.map((r) => r.value)).toEqual(['Buyer & Co', 'Newsletter', 'VIP']);
	const filtered = await harness.loadOptions(kartraNode, params, credentials, async function () {
		return await searchTags.call(this, 'co');
	});
	expect(filtered.results).toEqual([{ name: 'Buyer & Co', value: 'Buyer & Co' }]);
	const lists = await harness.loadOptions(kartraNode, params, credentials, async function () {
		return await searchLists.call(this, 'webinar');
	});
	expect(lists.results.map((r) => r.value)).toEqual(['Webinar [2026]']);
	const sequences = await harness.loadOptions(kartraNode, params, credentials, async function () {
		return await searchSequences.call(this);
	});
	expect(sequences.results.map((r) => r.value)).toEqual(['Onboarding', 'Win Back']);
});

test('a locator from the list, a locator by name, and version 1 with its dropdown send the same call', async () => {
	setup = await kartraSetup();
	const { fake, harness, credentials } = setup;
	seedLead(fake, 'rl@example.com');
	const assign = (tagName: unknown) => ({
		resource: 'tag',
		operation: 'assign',
		email: 'rl@example.com',
		tagName,
	});
	const fromList = await harness.run({
		nodeType: kartraNode,
		parameters: assign(locator('list', 'VIP')),
		credentials,
	});
	const byName = await harness.run({
		nodeType: kartraNode,
		parameters: assign(locator('name', 'Buyer & Co')),
		credentials,
	});
	const v1 = await harness.run({
		nodeType: kartraNode,
		typeVersion: 1,
		parameters: assign('Newsletter'),
		credentials,
	});
	for (const result of [fromList, byName, v1]) expect(result.error).toBeUndefined();
	expect(
		fake.calls.map((c) => (c.actions as Record<string, { tag_name: string }>)[0].tag_name),
	).toEqual(['VIP', 'Buyer & Co', 'Newsletter']);
	expect(fake.leadByEmail('rl@example.com')?.tags).toEqual(['VIP', 'Buyer & Co', 'Newsletter']);
	const subscribed = await harness.run({
		nodeType: kartraNode,
		parameters: {
			resource: 'sequence',
			operation: 'subscribe',
			email: 'rl@example.com',
			sequenceName: locator('list', 'Win Back'),
			step: 'A2',
		},
		credentials,
	});
	expect(subscribed.error).toBeUndefined();
	// a name from an expression that turns out empty is refused for that item, before any call
	const calls = fake.calls.length;
	const empty = await harness.run({
		nodeType: kartraNode,
		parameters: assign(locator('name', '={{ $json.tag }}')),
		items: [{ tag: '' }, { tag: 'VIP' }],
		credentials,
		continueOnFail: true,
	});
	expect(empty.items[0].json.error).toBe('Item 0: "Tag" is required');
	expect(empty.items[1].json.tag_name).toBe('VIP');
	expect(fake.calls.length).toBe(calls + 1);
});
