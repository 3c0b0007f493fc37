import { testWebhookSecret } from '../../nodes/shared/trigger';
import { startConvertrTrigger } from '../harness/convertr.cjs';
import type { WebhookServer } from '../harness/webhookServer.cjs';

const SECRET = 'trigger-secret-0123456789abcdef';

async function startTrigger(parameters: Record<string, unknown> = {}): Promise<WebhookServer> {
	return await startConvertrTrigger(SECRET, parameters);
}

let server: WebhookServer;
afterEach(async () => await server.stop());

test('GET postback with the right secret: one item with lead, status and parameters, no secret', async () => {
	server = await startTrigger();
	const res = await fetch(
		`${server.url}?token=${SECRET}&leadId=367086&status=Valid&campaign=100&reason=`,
	);
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual({ received: true });
	expect(server.emitted).toHaveLength(1);
	expect(server.emitted[0]).toHaveLength(1);
	const json = server.emitted[0][0].json;
	expect(json).toMatchObject({
		leadId: 367086,
		status: 'valid',
		method: 'GET',
		parameters: { leadId: '367086', status: 'Valid', campaign: '100', reason: '' },
	});
	expect(JSON.stringify(server.emitted)).not.toContain(SECRET);
});

test('POST with a JSON body and with form fields', async () => {
	server = await startTrigger();
	let res = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			leadId: 12,
			status: 'Invalid',
			reasonCode: 'DUP',
			comments: 'seen before',
		}),
	});
	expect(res.status).toBe(200);
	res = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'leadId=13&status=Billable',
	});
	expect(res.status).toBe(200);
	expect(server.emitted.map((e) => [e[0].json.leadId, e[0].json.status])).toEqual([
		[12, 'invalid'],
		[13, 'billable'],
	]);
	expect(server.emitted[0][0].json.parameters).toEqual({
		leadId: 12,
		status: 'Invalid',
		reasonCode: 'DUP',
		comments: 'seen before',
	});
});

test.each([
	['no secret', ''],
	['a wrong secret', '?token=nope'],
	['the secret with a suffix', `?token=${SECRET}x`],
])('%s: 401 and nothing emitted', async (_name, query) => {
	server = await startTrigger();
	const res = await fetch(`${server.url}${query}${query ? '&' : '?'}leadId=1&status=Valid`);
	expect(res.status).toBe(401);
	expect(await res.json()).toEqual({ error: 'Missing or wrong secret' });
	expect(server.emitted).toHaveLength(0);
});

test('the secret in a header', async () => {
	server = await startTrigger({ secretLocation: 'header', headerName: 'X-Convertr-Token' });
	let res = await fetch(`${server.url}?leadId=5&status=Valid&token=${SECRET}`);
	expect(res.status).toBe(401);
	res = await fetch(`${server.url}?leadId=5&status=Valid`, {
		headers: { 'X-Convertr-Token': SECRET },
	});
	expect(res.status).toBe(200);
	expect(server.emitted).toHaveLength(1);
});

test.each([
	['no lead id', 'status=Valid', 'Parameter "leadId" must hold the lead ID (a number)'],
	[
		'a non-numeric lead id',
		'leadId=abc&status=Valid',
		'Parameter "leadId" must hold the lead ID (a number)',
	],
	['no status', 'leadId=4', 'Parameter "status" must hold the lead status'],
])('malformed call (%s): 400, nothing emitted', async (_name, query, error) => {
	server = await startTrigger();
	const res = await fetch(`${server.url}?token=${SECRET}&${query}`);
	expect(res.status).toBe(400);
	expect(await res.json()).toEqual({ error });
	expect(server.emitted).toHaveLength(0);
});

test('a body that is not an object: 400', async () => {
	server = await startTrigger();
	const res = await fetch(`${server.url}?token=${SECRET}&leadId=1&status=Valid`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: '[1,2]',
	});
	expect(res.status).toBe(400);
	expect(server.emitted).toHaveLength(0);
});

test('custom parameter names', async () => {
	server = await startTrigger({
		queryParameterName: 'k',
		leadIdParameter: 'lead_id',
		statusParameter: 'state',
	});
	const res = await fetch(`${server.url}?k=${SECRET}&lead_id=9&state=Valid`);
	expect(res.status).toBe(200);
	expect(server.emitted[0][0].json).toMatchObject({
		leadId: 9,
		status: 'valid',
		parameters: { lead_id: '9', state: 'Valid' },
	});
});

test('credential test rejects a short secret', async () => {
	const short = await testWebhookSecret.call({} as never, {
		id: '1',
		name: 'x',
		type: 'convertrTriggerApi',
		data: { secret: 'short' },
	});
	expect(short).toEqual({ status: 'Error', message: expect.stringContaining('at least 16') });
	const ok = await testWebhookSecret.call({} as never, {
		id: '1',
		name: 'x',
		type: 'convertrTriggerApi',
		data: { secret: SECRET },
	});
	expect(ok.status).toBe('OK');
});
