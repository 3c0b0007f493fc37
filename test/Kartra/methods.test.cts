import {
	getCustomFields,
	getLists,
	getSequences,
	getTags,
} from '../../nodes/Kartra/methods/loadOptions';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
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
		expect(
			(await harness.loadOptions(kartraNode, params, credentials, getLists)).map((o) => o.value),
		).toEqual(['Main List', 'Webinar [2026]']);
		expect(
			(await harness.loadOptions(kartraNode, params, credentials, getSequences)).map(
				(o) => o.value,
			),
		).toEqual(['Onboarding', 'Win Back']);
		const fields = await harness.loadOptions(kartraNode, params, credentials, getCustomFields);
		expect(fields[0]).toEqual({
			name: 'color',
			value: 'color',
			description: 'checkboxes: red, blue, green & gold',
		});
		expect(fields.map((f) => f.value)).toEqual(['color', 'gender', 'favorite_dish', 'bio', 'plan']);
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual([
			'retrieve_account_tags',
			'retrieve_account_lists',
			'retrieve_account_sequences',
			'retrieve_custom_fields',
		]);
	});
});
