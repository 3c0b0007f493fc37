import { kartraNode, kartraSetup, seedLead } from '../../../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const subscription = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'subscription',
	operation,
	subscriptionId: '={{ $json.id }}',
	...extra,
});

describe('Subscription', () => {
	test('Search and Get: details Kartra sends as JSON text are read; dates get their offset, "N/A" and 0000 dates empty', async () => {
		setup = await kartraSetup();
		const { harness, credentials } = setup;
		const found = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('search'),
			items: [{ id: '48110' }, { id: '1' }],
			credentials,
		});
		expect(found.items.map((i) => i.json.exists)).toEqual([true, false]);
		const details = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('get'),
			items: [{ id: '48110' }, { id: '48112' }],
			credentials,
		});
		expect(details.error).toBeUndefined();
		expect(details.items[0].json).toMatchObject({
			subscription_id: '48110',
			subscription_start_date: '2026-07-04T09:30:00-04:00',
			subscription_end_date: '',
			subscription_next_payment_date: '2026-12-01T09:30:00-05:00',
			subscription_affiliate: '',
			subscription_installments_left: 'Until cancelled',
		});
		expect(details.items[1].json.subscription_next_scheduled_payment_amount).toBe('');
	});

	test("Get Many: a lead's subscriptions, one item each", async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'buyer@example.com');
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'subscription',
				operation: 'getMany',
				email: 'buyer@example.com',
				returnAll: true,
			},
			credentials,
		});
		expect(result.items.map((i) => [i.json.subscription_id, i.json.subscription_status])).toEqual([
			['48110', 'Active'],
			['48112', 'Paused'],
		]);
	});

	test('Change Status: pause, reactivate, cancel; PayPal and cancelled subscriptions refused with hints', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('changeStatus', { statusChange: '={{ $json.change }}' }),
			items: [
				{ id: '48110', change: 'pause' },
				{ id: '48110', change: 'unpause' },
				{ id: '48112', change: 'unpause' },
				{ id: '48110', change: 'cancel' },
				{ id: '48110', change: 'pause' },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.status ?? i.json.error)).toEqual([
			'Paused',
			'Active',
			'Kartra: Paypal transactions cannot be modified (type 284)',
			'Cancelled',
			'Kartra: Subscriptions cancelled or terminated cannot be updated (type 275)',
		]);
		expect(result.items[2].json.description).toMatch(/PayPal subscriptions can only be cancelled/);
		expect(fake.account.subscriptions[0].subscription_status).toBe('Cancelled');
	});

	test('Update: the fields go as Kartra names them, a next payment date given with an offset is sent in Eastern time; nothing to change is refused before sending', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('update', {
				updateFields: {
					productId: '225',
					pricePoint: 2,
					nextPaymentDate: '2030-07-04T18:00:00Z',
					amount: 29.9,
					quantity: 2,
					installmentsLeft: 'Until Cancelled',
					taxPercent: 7.5,
					recurringPeriod1: 'every 2 months',
				},
			}),
			items: [{ id: '48110' }],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.account.subscriptions[0].edits).toEqual([
			{
				subscription_product_id: '225',
				subscription_price_point: '2',
				// 18:00 UTC on 4 July is 14:00 daylight time in New York
				subscription_next_payment_date: '2030-07-04 14:00',
				subscription_amount: '29.90',
				subscription_recurrence: { recurring_period_1: 'every 2 months' },
				subscription_product_quantity: '2',
				subscription_installments_left: 'until cancelled',
				subscription_tax_percent: '7.5',
			},
		]);
		const refused = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('update', { updateFields: {} }),
			items: [{ id: '48110' }, { id: '48110' }],
			credentials,
			continueOnFail: true,
		});
		expect(refused.items[0].json.error).toBe(
			'Item 0: Update Fields needs at least one field to change',
		);
		const wrongProduct = await harness.run({
			nodeType: kartraNode,
			parameters: subscription('update', { updateFields: { productId: '999', pricePoint: 1 } }),
			items: [{ id: '48110' }],
			credentials,
			continueOnFail: true,
		});
		expect(wrongProduct.items[0].json.error).toBe(
			'Kartra: Wrong product id or price point (type 283)',
		);
		expect(fake.account.subscriptions[0].edits).toHaveLength(1);
	});
});
