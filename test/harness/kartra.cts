import { KartraApi } from '../../credentials/KartraApi.credentials';
import { KartraTriggerApi } from '../../credentials/KartraTriggerApi.credentials';
import { KartraLead } from '../../nodes/Kartra/KartraLead.node';
import { KartraTrigger } from '../../nodes/Kartra/KartraTrigger.node';
import {
	KARTRA_SECRETS,
	type KartraFake,
	type KartraFakeOptions,
	startKartraFake,
} from '../fakes/kartra.cjs';
import { createHarness } from './engine.cjs';
import { startWebhookServer, type WebhookServer } from './webhookServer.cjs';

export const kartraNode = new KartraLead();

export async function kartraSetup(options: KartraFakeOptions = {}) {
	const fake: KartraFake = await startKartraFake(options);
	const harness = createHarness([new KartraApi(), new KartraTriggerApi()]);
	const credentials = harness.addCredential('kartraApi', { ...KARTRA_SECRETS, baseUrl: fake.url });
	return { fake, harness, credentials };
}

/** Kartra's secrets as tests look for them in outputs, errors and logs. */
export const kartraSecretValues = [KARTRA_SECRETS.apiKey, KARTRA_SECRETS.apiPassword];

/** Adds a lead to the fake directly. */
export function seedLead(
	fake: KartraFake,
	email: string,
	extra: Partial<KartraFake['leads'][number]> = {},
) {
	const lead = {
		id: String(5000 + fake.leads.length),
		email,
		fields: { first_name: 'Seed' },
		custom: {},
		tags: [],
		lists: [],
		sequences: [],
		points: 0,
		calendars: [],
		deleted: false,
		...extra,
	};
	fake.leads.push(lead);
	return lead;
}

export const emails = (n: number, prefix = 'lead') =>
	Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com` }));

export const createWithTagAndList = {
	resource: 'lead',
	operation: 'create',
	email: '={{$json.email}}',
	alsoDo: {
		action: [
			{ cmd: 'assign_tag', tagName: 'VIP' },
			{ cmd: 'subscribe_lead_to_list', listName: 'Main List' },
		],
	},
};

export const lead = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'lead',
	operation,
	...extra,
});

const kartraTrigger = new KartraTrigger();

/** The Kartra Trigger behind a real HTTP server, its secret in the query (`token`), with these parameters. */
export async function startKartraTrigger(
	secret: string,
	parameters: Record<string, unknown>,
): Promise<WebhookServer> {
	const harness = createHarness([new KartraApi(), new KartraTriggerApi()]);
	const credentials = harness.addCredential('kartraTriggerApi', { secret });
	const params = { secretLocation: 'query', queryParameterName: 'token', ...parameters };
	return await startWebhookServer(
		async ({ request, response }) =>
			await harness.webhook(kartraTrigger, params, credentials, request, response),
	);
}
