import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';

export const MIN_SECRET_LENGTH = 16;

/** The one property of a trigger's secret credential. */
export function webhookSecretCredentialProperties(service: string): INodeProperties[] {
	return [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `A long random value (at least ${MIN_SECRET_LENGTH} characters). ${service}'s calls must carry it; calls without it are answered 401 and start nothing.`,
		},
	];
}

/** Constant-time comparison of the secret a caller sent with the configured one. An empty configured secret matches nothing. */
export function secretMatches(provided: unknown, expected: unknown): boolean {
	const given = Array.isArray(provided) ? provided[0] : provided;
	if (typeof given !== 'string' || typeof expected !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** Where a webhook caller puts the secret: a URL query parameter or a header, by the user's choice. */
export function webhookSecretProperties(defaultQueryName: string, defaultHeaderName: string): INodeProperties[] {
	return [
		{
			displayName: 'Secret Location',
			name: 'secretLocation',
			type: 'options',
			options: [
				{ name: 'URL Query Parameter', value: 'query', description: 'The secret is appended to the URL' },
				{ name: 'Header', value: 'header', description: 'The caller sends the secret in a header' },
			],
			default: 'query',
			description: 'Where the caller puts the secret from the credential. Calls without the right secret get 401 and start nothing.',
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
	return location === 'header' ? headers[name.toLowerCase()] : query[name];
}

/** Credential test for a webhook secret: it cannot call anything, so it checks the secret is strong enough. */
export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones, since anyone who knows it can start the workflow`,
		};
	}
	return { status: 'OK', message: 'The secret is long enough' };
}
