import { ConvertrCampaignApi } from '../../credentials/ConvertrCampaignApi.credentials';
import { ConvertrPublisherApi } from '../../credentials/ConvertrPublisherApi.credentials';
import { ConvertrTriggerApi } from '../../credentials/ConvertrTriggerApi.credentials';
import { N8nExecutionsApi } from '../../credentials/N8nExecutionsApi.credentials';
import { ConvertrPublisher } from '../../nodes/Convertr/ConvertrPublisher.node';
import { ConvertrTrigger } from '../../nodes/Convertr/ConvertrTrigger.node';
import {
	CONVERTR_SECRETS,
	type ConvertrFake,
	type ConvertrFakeOptions,
	startConvertrFake,
} from '../fakes/convertr.cjs';
import { createHarness } from './engine.cjs';
import { startWebhookServer, type WebhookServer } from './webhookServer.cjs';

export const publisherNode = new ConvertrPublisher();

/** A fake Convertr, an engine harness, and a credential pointing at the fake. */
export async function convertrSetup(
	options: ConvertrFakeOptions = {},
	grant: 'apiKey' | 'password' = 'apiKey',
	harnessOptions: Parameters<typeof createHarness>[1] = {},
) {
	const fake: ConvertrFake = await startConvertrFake(options);
	const harness = createHarness(
		[new ConvertrPublisherApi(), new ConvertrTriggerApi(), new N8nExecutionsApi()],
		harnessOptions,
	);
	const credentials = harness.addCredential('convertrPublisherApi', {
		enterprise: 'acme',
		clientId: CONVERTR_SECRETS.clientId,
		clientSecret: CONVERTR_SECRETS.clientSecret,
		apiKey: CONVERTR_SECRETS.apiKey,
		grantType: grant,
		username: CONVERTR_SECRETS.username,
		password: CONVERTR_SECRETS.password,
		publisherId: CONVERTR_SECRETS.publisherId,
		baseUrl: fake.url,
	});
	return { fake, harness, credentials };
}

/** A fake Convertr, an engine harness, and a Convertr Campaign API credential (campaign 100's key) pointing at it. */
export async function campaignKeySetup(
	options: ConvertrFakeOptions = {},
	credential: { campaignId?: string; apiKey?: string; publisherId?: string } = {},
) {
	const fake: ConvertrFake = await startConvertrFake(options);
	const harness = createHarness([new ConvertrCampaignApi()]);
	const credentials = harness.addCredential('convertrCampaignApi', {
		enterprise: 'acme',
		campaignId: credential.campaignId ?? '100',
		apiKey: credential.apiKey ?? CONVERTR_SECRETS.campaignApiKey,
		publisherId: credential.publisherId ?? '',
		baseUrl: fake.url,
	});
	return { fake, harness, credentials };
}

export function leadParameters(
	value: Record<string, unknown>,
	extra: Record<string, unknown> = {},
	schema: Array<{ id: string; required?: boolean }> = Object.keys(value).map((id) => ({ id })),
) {
	return {
		resource: 'lead',
		operation: 'create',
		campaignId: '100',
		formId: '35',
		linkId: '',
		columns: {
			mappingMode: 'defineBelow',
			value,
			matchingColumns: [],
			schema: schema.map((f) => ({
				id: f.id,
				displayName: f.id,
				required: f.required ?? false,
				defaultMatch: false,
				display: true,
				type: 'string',
				canBeUsedToMatch: false,
			})),
			attemptToConvertTypes: false,
			convertFieldsToString: true,
		},
		...extra,
	};
}

export const emailsOf = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ email: `lead${i}@example.com`, first: `First ${i}` }));

export const simpleMapping = leadParameters({
	firstName: '={{$json.first}}',
	email: '={{$json.email}}',
});

/** The Convertr Trigger behind a webhook server, its secret in the `token` query parameter unless told otherwise. */
export async function startConvertrTrigger(
	secret: string,
	parameters: Record<string, unknown> = {},
): Promise<WebhookServer> {
	const harness = createHarness([new ConvertrPublisherApi(), new ConvertrTriggerApi()]);
	const credentials = harness.addCredential('convertrTriggerApi', { secret });
	const params = {
		secretLocation: 'query',
		queryParameterName: 'token',
		leadIdParameter: 'leadId',
		statusParameter: 'status',
		...parameters,
	};
	return await startWebhookServer(
		async ({ request, response }) =>
			await harness.webhook(new ConvertrTrigger(), params, credentials, request, response),
	);
}
