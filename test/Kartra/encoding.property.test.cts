import fc from 'fast-check';

import { encodePhpForm, type PhpFormValue } from '../../credentials/common/phpForm';
import { parsePhpQuery } from '../fakes/phpQuery.cjs';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';

const text = fc.oneof(
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
	fc.string({
		unit: fc.constantFrom('&', '=', '[', ']', '+', '%', ' ', 'ß', '日', '🎉', 'q'),
		minLength: 1,
		maxLength: 12,
	}),
);

/** A Kartra create call as the node builds it: lead fields, custom fields (text, option, checkbox list), chained actions. */
const leadCall = fc.record({
	lead: fc.record({
		email: fc.emailAddress(),
		first_name: text,
		city: text,
		custom_fields: fc.array(
			fc.oneof(
				fc.record({ field_identifier: fc.constantFrom('favorite_dish', 'bio'), field_value: text }),
				fc.record({
					field_identifier: fc.constantFrom('gender', 'plan'),
					field_value: fc.constantFrom('11', '12', '21'),
				}),
				fc.record({
					field_identifier: fc.constant('color'),
					field_value: fc.array(fc.constantFrom('1', '2', '3'), { minLength: 1, maxLength: 3 }),
				}),
			),
			{ maxLength: 4 },
		),
	}),
	actions: fc.array(
		fc.record({ cmd: fc.constantFrom('assign_tag', 'subscribe_lead_to_list'), tag_name: text }),
		{ maxLength: 3 },
	),
});

/** How PHP sees the call: lists become objects keyed 0, 1, …; empty lists vanish. */
function asPhp(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.length === 0
			? undefined
			: Object.fromEntries(value.map((v, i) => [String(i), asPhp(v)]));
	}
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value)
				.map(([k, v]) => [k, asPhp(v)])
				.filter(([, v]) => v !== undefined),
		);
	}
	return String(value);
}

test("property: 1,500 random Kartra calls with nested custom fields decode identically on the fake's parser", () => {
	fc.assert(
		fc.property(leadCall, (call) => {
			const payload = call as unknown as { [key: string]: PhpFormValue };
			expect(parsePhpQuery(encodePhpForm(payload))).toEqual(asPhp(call));
		}),
		{ numRuns: 1500 },
	);
});

test('property, through the node: 60 random leads with custom fields arrive at the fake as given', async () => {
	const setup = await kartraSetup();
	try {
		const leads = fc.sample(
			fc.record({
				email: fc.emailAddress().filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)),
				first: text,
				dish: text,
				colors: fc.uniqueArray(fc.constantFrom('red', 'blue', 'green & gold'), {
					minLength: 1,
					maxLength: 3,
				}),
			}),
			{ numRuns: 60, seed: 7 },
		);
		const unique = [...new Map(leads.map((l) => [l.email.toLowerCase(), l])).values()];
		const result = await setup.harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'lead',
				operation: 'create',
				email: '={{$json.email}}',
				leadFields: { first_name: '={{$json.first}}' },
				customFields: {
					field: [
						{ identifier: 'favorite_dish', value: '={{$json.dish}}' },
						{ identifier: 'color', value: '={{$json.colors}}' },
					],
				},
				options: { concurrency: 10 },
			},
			items: unique,
			credentials: setup.credentials,
		});
		expect(result.error).toBeUndefined();
		const ids: Record<string, string> = { red: '1', blue: '2', 'green & gold': '3' };
		for (const lead of unique) {
			const stored = setup.fake.leadByEmail(lead.email)!;
			expect(stored.fields.first_name).toBe(lead.first);
			expect(stored.custom).toEqual({
				favorite_dish: lead.dish,
				color: lead.colors.map((c) => ids[c]),
			});
		}
	} finally {
		await setup.fake.stop();
	}
});
