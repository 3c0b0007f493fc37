import { kartraNode, kartraSetup } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe("the account's lists as operations", () => {
	test('Tag, List and Sequence → Get Many: one item per name, the account read once per execution for all items; Limit', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const tags = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'tag', operation: 'getMany', returnAll: true },
			items: [{}, {}],
			credentials,
		});
		expect(tags.items.map((i) => [i.json.tag_name, i.pairedItem])).toEqual([
			['VIP', { item: 0 }],
			['Newsletter', { item: 0 }],
			['Buyer & Co', { item: 0 }],
			['VIP', { item: 1 }],
			['Newsletter', { item: 1 }],
			['Buyer & Co', { item: 1 }],
		]);
		expect(fake.calls).toHaveLength(1);
		const lists = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'list', operation: 'getMany', limit: 1 },
			credentials,
		});
		expect(lists.items.map((i) => i.json)).toEqual([{ list_name: 'Main List' }]);
		const sequences = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'sequence', operation: 'getMany', returnAll: true },
			credentials,
		});
		expect(sequences.items.map((i) => i.json.sequence_name)).toEqual(['Onboarding', 'Win Back']);
		const callsBefore = fake.calls.length;
		const pages = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'page', operation: 'getMany', returnAll: true },
			items: [{}, {}],
			credentials,
		});
		expect(pages.items.map((i) => [i.json, i.pairedItem])).toEqual([
			[{ page_name: 'Sales page' }, { item: 0 }],
			[{ page_name: 'Thank you & welcome' }, { item: 0 }],
			[{ page_name: 'Sales page' }, { item: 1 }],
			[{ page_name: 'Thank you & welcome' }, { item: 1 }],
		]);
		expect(fake.calls.length - callsBefore).toBe(1);
	});

	test('Custom Field → Create, then Get Many sees it (types and options); bad identifiers and too few options refused before sending', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const created = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'customField',
				operation: 'create',
				identifier: '={{ $json.name }}',
				fieldType: '={{ $json.type }}',
				fieldOptions: '={{ $json.options }}',
			},
			items: [
				{ name: 'plan_size', type: 'radio_button', options: ['S', 'M & L'] },
				{ name: 'notes', type: 'text_area', options: [] },
				{ name: 'bad name', type: 'input_field', options: [] },
				{ name: 'one_option', type: 'drop_down', options: ['only'] },
				{ name: 'color', type: 'input_field', options: [] },
			],
			credentials,
			continueOnFail: true,
		});
		expect(created.items.map((i) => i.json.error ?? i.json.field_identifier)).toEqual([
			'plan_size',
			'notes',
			'Item 2: Identifier may hold only letters, digits, dashes and underscores; got "bad name"',
			'Item 3: Options needs two or more options',
			'Kartra: Custom Field already exists or not allowed (type 264)',
		]);
		expect(fake.calls[0].actions).toEqual({
			0: {
				cmd: 'create_custom_field',
				custom_field_identifier: 'plan_size',
				custom_field_type: 'radio_button',
				custom_field_options: { 0: { option_name: 'S' }, 1: { option_name: 'M & L' } },
			},
		});
		const fields = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'customField', operation: 'getMany', returnAll: true },
			credentials,
		});
		const before = ['color', 'gender', 'favorite_dish', 'bio', 'plan'];
		expect(fields.items.map((i) => i.json.field_identifier)).toEqual([
			...before,
			'plan_size',
			'notes',
		]);
		expect(fields.items[5].json).toEqual({
			field_id: expect.any(String),
			field_identifier: 'plan_size',
			field_type: 'radio_button',
			options: [
				{ option_id: '1', option_value: 'S' },
				{ option_id: '2', option_value: 'M & L' },
			],
		});
	});
});
