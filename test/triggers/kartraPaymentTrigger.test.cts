// Kartra Trigger, Payments (IPN): Kartra's per-product payment notifications, form-encoded as Kartra posts them.
import { KARTRA_PAYMENT_EVENTS } from '../../nodes/Kartra/KartraTrigger.node';
import { startKartraTrigger } from '../harness/kartra.cjs';
import type { WebhookServer } from '../harness/webhookServer.cjs';

const SECRET = 'kartra-ipn-secret-9876543210';

async function startTrigger(parameters: Record<string, unknown> = {}): Promise<WebhookServer> {
	return await startKartraTrigger(SECRET, { source: 'ipn', paymentEvents: ['*'], ...parameters });
}

/** A sale notification with the variables Kartra's IPN documents, empty ones as "N/A". */
const sale = (type = 'sale', extra: Record<string, string> = {}) => ({
	transaction_id: '738474',
	transaction_full_amount: '49.50',
	transaction_base_amount: '45.00',
	transaction_discount: '0.00',
	transaction_shipping: '0.00',
	transaction_tax: '4.50',
	transaction_date: '2026-11-01 01:30:00',
	transaction_type: type,
	transaction_parent_id: '0',
	transaction_affiliate: 'N/A',
	transaction_jv: 'N/A',
	transaction_quantity: '1',
	transaction_subscription_id: 'N/A',
	transaction_last_4_card_digits: '4242',
	product_name: 'Course & Coaching',
	product_id: '223',
	product_price_point: '1',
	lead_id: '5001',
	lead_first_name: 'Jo',
	lead_last_name: 'Buyer',
	lead_email: 'jo+buyer@example.com',
	...extra,
});

const postForm = async (url: string, fields: Record<string, string>) =>
	await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
	});

let server: WebhookServer;
afterEach(async () => await server.stop());

test('a form-encoded sale becomes one item: "N/A" empty, the date in ISO 8601 with its Eastern offset, nothing else changed', async () => {
	server = await startTrigger();
	const res = await postForm(`${server.url}?token=${SECRET}`, sale());
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual({ received: true });
	expect(server.emitted).toHaveLength(1);
	const json = server.emitted[0][0].json;
	expect(json).toMatchObject({
		event: 'sale',
		transaction_id: '738474',
		transaction_full_amount: '49.50',
		// 1 November 2026, 01:30 (the repeated hour): its first time, daylight saving
		transaction_date: '2026-11-01T01:30:00-04:00',
		transaction_affiliate: '',
		transaction_jv: '',
		transaction_subscription_id: '',
		product_name: 'Course & Coaching',
		lead_email: 'jo+buyer@example.com',
	});
	expect(JSON.stringify(server.emitted)).not.toContain(SECRET);
});

test('Simplify off: exactly what Kartra posted', async () => {
	server = await startTrigger({ simplify: false });
	await postForm(
		`${server.url}?token=${SECRET}`,
		sale('refund', { transaction_parent_id: '738400' }),
	);
	expect(server.emitted[0][0].json).toMatchObject({
		event: 'refund',
		transaction_date: '2026-11-01 01:30:00',
		transaction_affiliate: 'N/A',
		transaction_parent_id: '738400',
	});
});

test('only the chosen payment events start the workflow; the others are answered 200 and ignored', async () => {
	server = await startTrigger({ paymentEvents: ['sale', 'rebill'] });
	for (const [type] of KARTRA_PAYMENT_EVENTS) {
		const res = await postForm(`${server.url}?token=${SECRET}`, sale(type));
		expect([type, res.status]).toEqual([type, 200]);
	}
	expect(server.emitted.map((items) => items[0].json.event)).toEqual(['sale', 'rebill']);
});

test('a wrong or missing secret gets 401 and starts nothing; a body that is not a notification gets 400', async () => {
	server = await startTrigger();
	expect((await postForm(`${server.url}?token=wrong`, sale())).status).toBe(401);
	expect((await postForm(server.url, sale())).status).toBe(401);
	const noType = await postForm(`${server.url}?token=${SECRET}`, { transaction_id: '1' });
	expect(noType.status).toBe(400);
	expect(await noType.json()).toEqual({
		error: 'Not a Kartra payment notification: expected transaction_id and transaction_type',
	});
	const garbage = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/plain' },
		body: 'transaction_id=1&transaction_type=sale',
	});
	expect(garbage.status).toBe(400);
	expect(server.emitted).toHaveLength(0);
});

test('a JSON notification is read alike; the lead-events mode still rejects a payment body', async () => {
	server = await startTrigger();
	const res = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(sale('chargeback')),
	});
	expect(res.status).toBe(200);
	expect(server.emitted[0][0].json.event).toBe('chargeback');
	await server.stop();
	server = await startTrigger({ source: 'outbound', events: ['*'] });
	expect((await postForm(`${server.url}?token=${SECRET}`, sale())).status).toBe(400);
});
