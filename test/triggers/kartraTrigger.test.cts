import { KARTRA_EVENTS } from '../../nodes/Kartra/KartraTrigger.node';
import { startKartraTrigger } from '../harness/kartra.cjs';
import type { WebhookServer } from '../harness/webhookServer.cjs';

const SECRET = 'kartra-hook-secret-0123456789';

async function startTrigger(parameters: Record<string, unknown> = {}): Promise<WebhookServer> {
	return await startKartraTrigger(SECRET, { events: ['*'], ...parameters });
}

const event = (action: string) => ({
	lead: {
		id: '1234',
		first_name: 'Jo',
		email: 'jo@example.com',
		custom_fields: [{ field_identifier: 'color', field_value: 'red' }],
	},
	action,
	action_details:
		action === 'buy_product'
			? { transaction_details: { product_name: 'Course', transaction_amount: '99.00' } }
			: { tag: { tag_name: 'VIP' } },
});

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
	await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});

let server: WebhookServer;
afterEach(async () => await server.stop());

test('the right secret: the event becomes an item with lead, action and details', async () => {
	server = await startTrigger();
	const res = await post(`${server.url}?token=${SECRET}`, event('buy_product'));
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual({ received: true });
	expect(server.emitted).toHaveLength(1);
	expect(server.emitted[0][0].json).toMatchObject({
		action: 'buy_product',
		lead: { id: '1234', email: 'jo@example.com' },
		actionDetails: { transaction_details: { product_name: 'Course' } },
	});
	expect(JSON.stringify(server.emitted)).not.toContain(SECRET);
});

test.each(KARTRA_EVENTS.map(([action]) => action))(
	'event %s is accepted with All Events',
	async (action) => {
		server = await startTrigger();
		const res = await post(`${server.url}?token=${SECRET}`, event(action));
		expect(res.status).toBe(200);
		expect(server.emitted.map((e) => e[0].json.action)).toEqual([action]);
	},
);

test('a form post carrying the lead as JSON text', async () => {
	server = await startTrigger();
	const res = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			action: 'assign_tag',
			lead: JSON.stringify({ id: '7', email: 'f@example.com' }),
		}).toString(),
	});
	expect(res.status).toBe(200);
	expect(server.emitted[0][0].json).toMatchObject({ action: 'assign_tag', lead: { id: '7' } });
});

test.each([
	['no secret', ''],
	['a wrong secret', '?token=wrong'],
])('%s: 401 and nothing emitted', async (_name, query) => {
	server = await startTrigger();
	const res = await post(`${server.url}${query}`, event('assign_tag'));
	expect(res.status).toBe(401);
	expect(server.emitted).toHaveLength(0);
});

test('the secret in a header', async () => {
	server = await startTrigger({ secretLocation: 'header', headerName: 'X-Kartra-Token' });
	expect((await post(server.url, event('assign_tag'), { 'X-Kartra-Token': 'nope' })).status).toBe(
		401,
	);
	expect((await post(server.url, event('assign_tag'), { 'X-Kartra-Token': SECRET })).status).toBe(
		200,
	);
	expect(server.emitted).toHaveLength(1);
});

test('a filtered-out event: answered, nothing emitted', async () => {
	server = await startTrigger({ events: ['buy_product', 'refund'] });
	const ignored = await post(`${server.url}?token=${SECRET}`, event('assign_tag'));
	expect(ignored.status).toBe(200);
	expect(await ignored.json()).toEqual({ received: true, ignored: 'assign_tag' });
	expect(server.emitted).toHaveLength(0);
	await post(`${server.url}?token=${SECRET}`, event('refund'));
	expect(server.emitted.map((e) => e[0].json.action)).toEqual(['refund']);
});

test.each([
	['no action', { lead: { id: '1' } }],
	['no lead', { action: 'assign_tag' }],
	['a lead that is not an object', { action: 'assign_tag', lead: 'x' }],
	['a list', [1, 2]],
])('not a Kartra event (%s): 400, nothing emitted', async (_name, body) => {
	server = await startTrigger();
	const res = await post(`${server.url}?token=${SECRET}`, body);
	expect(res.status).toBe(400);
	expect(server.emitted).toHaveLength(0);
});
