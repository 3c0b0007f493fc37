// Crafted calls to the two triggers' public webhooks, through n8n-core's webhook context: a parameter or key name
// is read as data (never an inherited property), and a secret too weak to guard the webhook is refused when the
// trigger is activated and whenever a call arrives.
import type { IHookFunctions, INodeType } from 'n8n-workflow';

import { ConvertrTrigger } from '../../nodes/Convertr/ConvertrTrigger.node';
import { KartraTrigger } from '../../nodes/Kartra/KartraTrigger.node';
import { startConvertrTrigger } from '../harness/convertr.cjs';
import { startKartraTrigger } from '../harness/kartra.cjs';
import type { WebhookServer } from '../harness/webhookServer.cjs';

const SECRET = 'trigger-secret-0123456789abcdef';

let server: WebhookServer | undefined;
afterEach(async () => {
	await server?.stop();
	server = undefined;
	delete (Object.prototype as { polluted?: unknown }).polluted;
});

test.each(['constructor', '__proto__', 'toString'])(
	'Convertr Trigger: status=%s is the text it is, not an inherited property',
	async (status) => {
		server = await startConvertrTrigger(SECRET);
		const res = await fetch(`${server.url}?token=${SECRET}&leadId=12&status=${status}`);
		expect(res.status).toBe(200);
		expect(server.emitted[0][0].json.status).toBe(status);
	},
);

test('Kartra Trigger: a payment notification holding a __proto__ key is emitted with its other fields, reaching no prototype', async () => {
	server = await startKartraTrigger(SECRET, { source: 'ipn' });
	const res = await fetch(`${server.url}?token=${SECRET}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: '{"transaction_id": "77", "transaction_type": "sale", "__proto__": {"polluted": "yes"}, "lead_email": "a@b.co"}',
	});
	expect(res.status).toBe(200);
	const json = server.emitted[0][0].json;
	expect(json).toMatchObject({ event: 'sale', transaction_id: '77', lead_email: 'a@b.co' });
	expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});

/** What n8n's activation hands the trigger's webhook methods: the node and its credential */
function activation(trigger: INodeType, credentialType: string, secret: string): IHookFunctions {
	return {
		getNode: () => ({ id: 't', name: 'Trigger', type: trigger.description.name }),
		getCredentials: async (type: string) => {
			if (type !== credentialType) throw new Error(`no ${type} credential`);
			return { secret };
		},
	} as unknown as IHookFunctions;
}

test.each([
	['Convertr Trigger', new ConvertrTrigger() as INodeType, 'convertrTriggerApi'],
	['Kartra Trigger', new KartraTrigger() as INodeType, 'kartraTriggerApi'],
])(
	'%s: activating it with a one-character secret is refused with the reason',
	async (_name, trigger, type) => {
		const checkExists = trigger.webhookMethods!.default!.checkExists;
		await expect(checkExists.call(activation(trigger, type, 'x'))).rejects.toThrow(
			"The trigger's secret has 1 character; use at least 16 random ones",
		);
		await expect(checkExists.call(activation(trigger, type, SECRET))).resolves.toBe(true);
	},
);

test('Convertr Trigger: a call carrying a one-character secret that is right is refused, nothing emitted', async () => {
	server = await startConvertrTrigger('x');
	const res = await fetch(`${server.url}?token=x&leadId=12&status=valid`);
	expect(res.status).toBe(401);
	expect(server.emitted).toHaveLength(0);
});
