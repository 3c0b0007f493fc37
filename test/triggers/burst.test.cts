// Both triggers under a burst: 1,000 calls at once over real HTTP through the node's webhook (n8n's webhook
// context) give 1,000 workflow items, each once; calls with a wrong or missing secret mixed into the burst get
// 401 and add nothing.
import { KartraTriggerApi } from '../../credentials/KartraTriggerApi.credentials';
import { KartraTrigger } from '../../nodes/Kartra/KartraTrigger.node';
import { startConvertrTrigger } from '../harness/convertr.cjs';
import { createHarness } from '../harness/engine.cjs';
import { startWebhookServer, type WebhookServer } from '../harness/webhookServer.cjs';

const SECRET = 'burst-secret-0123456789abcdef';
const CALLS = 1000;
const WRONG = 200;

interface Trigger {
	start(): Promise<WebhookServer>;
	call(url: string, n: number, secret: string | undefined): Promise<Response>;
	idOf(json: Record<string, unknown>): string;
}

const triggers: Record<string, Trigger> = {
	'Convertr Trigger': {
		start: async () => await startConvertrTrigger(SECRET),
		call: async (url, n, secret) =>
			await fetch(
				`${url}?${secret === undefined ? '' : `token=${secret}&`}leadId=${100000 + n}&status=${n % 2 ? 'Valid' : 'Invalid'}`,
			),
		idOf: (json) => String(json.leadId),
	},
	'Kartra Trigger': {
		start: async () => {
			const harness = createHarness([new KartraTriggerApi()]);
			const credentials = harness.addCredential('kartraTriggerApi', { secret: SECRET });
			const params = { events: ['*'], secretLocation: 'header', headerName: 'X-Kartra-Token' };
			return await startWebhookServer(
				async ({ request, response }) =>
					await harness.webhook(new KartraTrigger(), params, credentials, request, response),
			);
		},
		call: async (url, n, secret) =>
			await fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					...(secret === undefined ? {} : { 'X-Kartra-Token': secret }),
				},
				body: JSON.stringify({
					action: 'assign_tag',
					lead: { id: String(100000 + n), email: `burst${n}@example.com` },
					action_details: { tag: { tag_name: 'VIP' } },
				}),
			}),
		idOf: (json) => String((json.lead as { id: string }).id),
	},
};

describe.each(Object.keys(triggers))('%s', (name) => {
	let server: WebhookServer | undefined;
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});

	test(`${CALLS} calls in a burst with ${WRONG} wrong or missing secrets among them: ${CALLS} items, each once; every bad call 401`, async () => {
		const trigger = triggers[name];
		server = await trigger.start();
		const url = server.url;
		const calls = [
			...Array.from({ length: CALLS }, (_, n) => ({ n, secret: SECRET as string | undefined })),
			...Array.from({ length: WRONG }, (_, n) => ({
				n: CALLS + n,
				secret: n % 2 ? 'wrong-secret-0123456789abcdef' : undefined,
			})),
		].sort((a, b) => ((a.n * 7919) % 1201) - ((b.n * 7919) % 1201));
		const answers = await Promise.all(
			calls.map(async ({ n, secret }) => ({
				n,
				secret,
				status: (await trigger.call(url, n, secret)).status,
			})),
		);

		expect(answers.filter((a) => a.secret === SECRET).map((a) => a.status)).toEqual(
			Array(CALLS).fill(200),
		);
		expect(answers.filter((a) => a.secret !== SECRET).map((a) => a.status)).toEqual(
			Array(WRONG).fill(401),
		);
		const items = server.emitted.flat();
		expect(items).toHaveLength(CALLS);
		const ids = items.map((item) => trigger.idOf(item.json as Record<string, unknown>));
		expect(new Set(ids).size).toBe(CALLS);
		expect(ids.every((id) => Number(id) >= 100000 && Number(id) < 100000 + CALLS)).toBe(true);
		expect(JSON.stringify(items)).not.toContain(SECRET);
	});
});
