import fc from 'fast-check';

import { convertrSetup, leadParameters, publisherNode } from '../../../harness/convertr.cjs';

// Values a lead form sees: unicode, PHP-significant characters, spaces; never empty (empty fields are not sent).
const text = fc
	.oneof(
		fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
		fc.string({
			unit: fc.constantFrom('&', '=', '[', ']', '+', '%', ' ', 'ü', '北', '🙂', 'x', '\n'),
			minLength: 1,
			maxLength: 16,
		}),
	)
	.filter((s) => s.trim() !== '');

const record = fc.record({
	firstName: text,
	lastName: text,
	email: text,
	lookup: fc.record({ addressLine1: text, postcode: text }),
	telephone: fc.record({ countryCode: text, telephone: text }),
});

test('property: 1,000 random leads with nested fields arrive at the fake exactly as mapped', async () => {
	const setup = await convertrSetup();
	try {
		const records = fc.sample(record, { numRuns: 1000, seed: 42 });
		const parameters = leadParameters({}, { formId: '23' }, [
			{ id: 'firstName' },
			{ id: 'lastName' },
			{ id: 'email' },
			{ id: 'lookup/addressLine1' },
			{ id: 'lookup/postcode' },
			{ id: 'telephone/countryCode' },
			{ id: 'telephone/telephone' },
		]);
		(parameters.columns as Record<string, unknown>).mappingMode = 'autoMapInputData';
		const result = await setup.harness.run({
			nodeType: publisherNode,
			parameters,
			items: records,
			credentials: setup.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(setup.fake.leads).toHaveLength(1000);
		const byId = new Map(setup.fake.leads.map((l) => [String(l.id), l.form]));
		result.items.forEach((item, i) => {
			expect(byId.get(item.json.leadId as string)).toEqual({ ...records[i], submit: 'true' });
		});
	} finally {
		await setup.fake.stop();
	}
});
