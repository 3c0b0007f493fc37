import { convertrSecretValues, expectNoSecrets } from '../../../harness/secrets.cjs';
import { convertrSetup, publisherNode } from '../../../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup;
beforeEach(async () => {
	setup = await convertrSetup();
});
afterEach(async () => {
	await setup.fake.stop();
});

describe('Lead → Get Result', () => {
	test('pending, valid and invalid with reasons; unknown lead named', async () => {
		const { fake, harness, credentials } = setup;
		const base = { id: 0, publisherId: '77', formId: 35, form: {} };
		fake.leads.push(
			{ ...base, id: 501, result: { status: 202 } },
			{ ...base, id: 502, result: { status: 200, body: '' } },
			{
				...base,
				id: 503,
				result: {
					status: 200,
					body: {
						qaReasons: ['Duplicate lead'],
						failedJobs: [{ name: 'Email validation', message: 'Mailbox does not exist' }],
						leadData: { email: 'x@y.z' },
					},
				},
			},
			{ ...base, id: 504, result: { status: 200, body: 'Rejected by client' } },
		);
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: { resource: 'lead', operation: 'getResult', leadId: '={{$json.id}}' },
			items: [{ id: 501 }, { id: 502 }, { id: 503 }, { id: 504 }, { id: 999 }, { id: 'abc' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json)).toEqual([
			{ leadId: 501, status: 'pending', reasons: [] },
			{ leadId: 502, status: 'valid', reasons: [] },
			{
				leadId: 503,
				status: 'invalid',
				reasons: ['Duplicate lead', 'Mailbox does not exist'],
				qaReasons: ['Duplicate lead'],
				failedJobs: [{ name: 'Email validation', message: 'Mailbox does not exist' }],
				leadData: { email: 'x@y.z' },
			},
			{
				leadId: 504,
				status: 'invalid',
				reasons: ['Rejected by client'],
				qaReasons: 'Rejected by client',
			},
			{
				id: 999,
				error: 'Lead 999 (publisher 77) was not found on Convertr: Lead not found',
				description: expect.any(String),
				httpCode: '404',
			},
			{ id: 'abc', error: 'Item 5: Lead ID must be a positive whole number, got "abc"' },
		]);
		expect(fake.requests.filter((r) => r.path.includes('lead-result'))).toHaveLength(5);
		expectNoSecrets([result.items], convertrSecretValues(fake));
	});
});
