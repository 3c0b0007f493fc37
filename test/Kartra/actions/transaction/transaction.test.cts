import { kartraNode, kartraSetup, seedLead } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const transaction = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'transaction',
	operation,
	transactionId: '={{ $json.id }}',
	...extra,
});

describe('Transaction', () => {
	test('Search: an existing transaction says so, a missing one (type 247) is an answer, not an error', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('search'),
			items: [{ id: '738474' }, { id: '999' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ transaction_id: '738474', exists: true },
			{ transaction_id: '999', exists: false },
		]);
		expect(fake.calls.map((c) => c.actions)).toEqual([
			{ 0: { cmd: 'search_transaction', transaction_id: '738474' } },
			{ 0: { cmd: 'search_transaction', transaction_id: '999' } },
		]);
	});

	test("Get: simplified dates carry their Eastern offset (the repeated November hour, the skipped March one); raw keeps Kartra's text", async () => {
		setup = await kartraSetup();
		const { harness, credentials } = setup;
		const simple = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('get'),
			items: [{ id: '738474' }, { id: '738475' }],
			credentials,
		});
		expect(simple.error).toBeUndefined();
		expect(simple.items[0].json).toMatchObject({
			transaction_id: '738474',
			transaction_full_amount: 49.5,
			// 8 March 2026 01:30 is before the change: standard time
			transaction_date: '2026-03-08T01:30:00-05:00',
			transaction_affiliate: '',
		});
		// 1 November 2026 01:30 happens twice: its first time, daylight time
		expect(simple.items[1].json.transaction_date).toBe('2026-11-01T01:30:00-04:00');
		const raw = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('get', { simplify: false }),
			items: [{ id: '738474' }],
			credentials,
		});
		expect(raw.items[0].json).toMatchObject({
			transaction_date: '2026-03-08 01:30:00',
			transaction_affiliate: 'N/A',
		});
	});

	test('Get Many: one item per transaction of the lead, paired with its input; Limit cuts; a lead without any gives none', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'buyer@example.com');
		seedLead(fake, 'nobody@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'transaction',
				operation: 'getMany',
				email: '={{ $json.email }}',
				returnAll: true,
			},
			items: [{ email: 'buyer@example.com' }, { email: 'nobody@example.com' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.transaction_id, i.pairedItem])).toEqual([
			['738474', { item: 0 }],
			['738475', { item: 0 }],
			['600001', { item: 0 }],
		]);
		const limited = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'transaction',
				operation: 'getMany',
				email: 'buyer@example.com',
				limit: 2,
			},
			credentials,
		});
		expect(limited.items).toHaveLength(2);
	});

	test("Refund: whole or in part; Kartra's refusals (already refunded, outside the period, a bad amount) with their hints; never sent twice", async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('refund', { refundAmount: '={{ $json.amount }}' }),
			items: [
				{ id: '738474', amount: 10.5 },
				{ id: '738474', amount: 0 },
				{ id: '600001', amount: 0 },
				{ id: '738475', amount: 500 },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json).toEqual({
			transaction_id: '738474',
			refunded: true,
			transaction_refunded: '738474',
			refund_amount: 10.5,
		});
		expect(result.items[1].json.error).toBe('Kartra: Transaction already refunded (type 251)');
		expect(result.items[1].json.description).toMatch(/already refunded/);
		expect(result.items[2].json.error).toBe('Kartra: Transaction outside refund period (type 250)');
		expect(result.items[3].json.error).toBe('Kartra: Invalid amount (type 268)');
		const refunds = fake.calls.filter(
			(c) => (c.actions as Record<string, { cmd: string }>)[0].cmd === 'refund_transaction',
		);
		expect(refunds.map((c) => c.actions)).toEqual([
			{ 0: { cmd: 'refund_transaction', transaction_id: '738474', refund_amount: '10.50' } },
			{ 0: { cmd: 'refund_transaction', transaction_id: '738474' } },
			{ 0: { cmd: 'refund_transaction', transaction_id: '600001' } },
			{ 0: { cmd: 'refund_transaction', transaction_id: '738475', refund_amount: '500.00' } },
		]);
	});

	test('a refund whose answer is lost is reported, not repeated; a refund with three decimals or a non-numeric ID is refused before sending', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: () => true,
			times: 1,
			afterProcessing: true,
			answer: { reset: true },
		});
		const lost = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('refund'),
			items: [{ id: '738475' }],
			credentials,
			continueOnFail: true,
		});
		expect(lost.items[0].json.error).toMatch(/not sent again, because Kartra may have acted on it/);
		expect(fake.requests).toHaveLength(1);
		expect(fake.account.transactions.find((t) => t.transaction_id === '738475')?.refunded).toBe(
			true,
		);
		const bad = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('refund', { refundAmount: '={{ $json.amount }}' }),
			items: [
				{ id: '738474', amount: 1.005 },
				{ id: 'T-1', amount: 1 },
			],
			credentials,
			continueOnFail: true,
		});
		expect(bad.items.map((i) => i.json.error)).toEqual([
			'Item 0: Refund Amount has more than two decimals',
			'Item 1: Transaction ID must be a positive whole number, got "T-1"',
		]);
		expect(fake.requests).toHaveLength(1);
	});

	test('reads are asked again after a reset, a 502 page or a 429; every transaction answered once, in order', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push(
			{ match: () => true, times: 1, answer: { reset: true } },
			{
				match: () => true,
				times: 1,
				answer: { status: 502, raw: '<html><h1>502 Bad Gateway</h1></html>' },
			},
			{ match: () => true, times: 1, answer: { status: 429, raw: 'Too many requests' } },
		);
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: transaction('get', { options: { concurrency: 1 } }),
			items: [{ id: '738474' }, { id: '738475' }, { id: '600001' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.transaction_id)).toEqual(['738474', '738475', '600001']);
		// three answers, three faults before them
		expect(fake.requests).toHaveLength(6);
	});
});
