import { createHash, timingSafeEqual } from 'crypto';
import {
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeProperties,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { ownValue } from '../../credentials/common/ownKeys';
import { MIN_SECRET_LENGTH } from '../../credentials/common/webhookSecret';

/** What the two triggers share: the secret a caller must send, where it travels, and how a call is answered. */

/** Constant-time comparison of the secret a caller sent with the configured one. An empty configured secret matches nothing. */
export function secretMatches(provided: unknown, expected: unknown): boolean {
	const given = Array.isArray(provided) ? provided[0] : provided;
	if (typeof given !== 'string' || typeof expected !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** Where a webhook caller puts the secret: a URL query parameter or a header, by the user's choice. */
export function webhookSecretProperties(
	defaultQueryName: string,
	defaultHeaderName: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Secret Location',
			name: 'secretLocation',
			type: 'options',
			options: [
				{
					name: 'URL Query Parameter',
					value: 'query',
					description: 'The secret is appended to the URL',
				},
				{ name: 'Header', value: 'header', description: 'The caller sends the secret in a header' },
			],
			default: 'query',
			description:
				'Where the caller puts the secret from the credential. Calls without the right secret get 401 and start nothing.',
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryParameterName',
			type: 'string',
			default: defaultQueryName,
			displayOptions: { show: { secretLocation: ['query'] } },
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: defaultHeaderName,
			displayOptions: { show: { secretLocation: ['header'] } },
		},
	];
}

/** The secret the caller sent, and the query parameter that carried it (so it can be left out of the output). */
export function providedSecret(
	location: string,
	name: string,
	query: IDataObject,
	headers: Record<string, unknown>,
): unknown {
	return location === 'header' ? ownValue(headers, name.toLowerCase()) : ownValue(query, name);
}

/** Why a secret is too weak to guard a public webhook, or undefined when it is long enough. */
export function weakSecretReason(secret: unknown): string | undefined {
	const length = typeof secret === 'string' ? secret.length : 0;
	if (length >= MIN_SECRET_LENGTH) return undefined;
	return `The trigger's secret has ${length} character${length === 1 ? '' : 's'}; use at least ${MIN_SECRET_LENGTH} random ones, since anyone who knows it can start the workflow`;
}

/** Credential test for a webhook secret: it cannot call anything, so it checks the secret is strong enough. */
export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const weak = weakSecretReason(String(credential.data?.secret ?? ''));
	if (weak) return { status: 'Error', message: weak };
	return { status: 'OK', message: 'The secret is long enough' };
}

/**
 * For services whose webhooks the user pastes into the service by hand: there is nothing to register or remove.
 * Activating the trigger (or listening for a test call) checks the secret, as the credential test does: a weak one
 * is refused with the reason, not only flagged where the user may never press "Test".
 */
export function manualWebhookMethods(credentialType: string) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(credentialType);
				const weak = weakSecretReason(credentials.secret);
				if (weak) throw new NodeOperationError(nodeOf(this), weak);
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};
}

/** Answers the caller now (the trigger answers itself instead of n8n's "onReceived" default) and returns the items to emit. */
export function answerCall(
	this: IWebhookFunctions,
	status: number,
	body: IDataObject,
	emit?: IDataObject,
): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return emit
		? { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(emit)] }
		: { noWebhookResponse: true };
}

/**
 * Checks the secret a call carries (in the query or a header, as the node is set); returns the call's query and
 * the name of the query parameter that held the secret, or undefined when the call must be refused. A configured
 * secret too weak to guard the webhook (the credential changed after activation) refuses every call.
 */
export async function checkCallSecret(
	this: IWebhookFunctions,
	credentialType: string,
	defaults: { query: string; header: string },
): Promise<{ query: IDataObject; location: string; secretName: string } | undefined> {
	const request = this.getRequestObject();
	const credentials = await this.getCredentials(credentialType);
	const weak = weakSecretReason(credentials.secret);
	if (weak) {
		this.logger.warn(`${nodeOf(this).name}: a call was refused. ${weak}.`);
		return undefined;
	}
	const location = this.getNodeParameter('secretLocation', 'query') as string;
	const secretName = this.getNodeParameter(
		location === 'header' ? 'headerName' : 'queryParameterName',
		location === 'header' ? defaults.header : defaults.query,
	) as string;
	const query = (request.query ?? {}) as IDataObject;
	if (
		!secretMatches(providedSecret(location, secretName, query, request.headers), credentials.secret)
	)
		return undefined;
	return { query, location, secretName };
}
