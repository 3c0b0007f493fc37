import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { TOKEN_EXCHANGE_ERROR } from '../nodes/shared/httpFailure';

export const CONVERTR_API_KEY_GRANT = 'https://convertr.cvtr.io/grants/api_key';

/** `https://{enterprise}.cvtr.io`, or the override (tests, proxies, staging), without a trailing slash. */
export function convertrBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const override = String(credentials.baseUrl ?? '').trim();
	if (override !== '') return override.replace(/\/+$/, '');
	const enterprise = String(credentials.enterprise ?? '').trim();
	if (!/^[a-z0-9][a-z0-9-]*$/i.test(enterprise)) {
		throw new Error(
			`The enterprise subdomain "${enterprise}" is not valid: enter only the part before .cvtr.io`,
		);
	}
	return `https://${enterprise}.cvtr.io`;
}

interface TokenAnswer {
	access_token?: unknown;
	expires_in?: unknown;
	error?: unknown;
	error_description?: unknown;
	message?: unknown;
}

/**
 * Token exchanges under way or just finished, keyed by the credential and the token that was found stale.
 * Concurrent requests of one credential that all find the token empty or expired then share one exchange
 * instead of each asking for a token (Convertr allows 100 token requests per 5 minutes).
 */
const recentExchanges = new Map<string, { startedAt: number; token: Promise<string> }>();
const EXCHANGE_REUSE_MS = 60_000;

function exchangeKey(credentials: ICredentialDataDecryptedObject): string {
	return JSON.stringify([
		credentials.baseUrl,
		credentials.enterprise,
		credentials.clientId,
		credentials.apiKey,
		credentials.grantType,
		credentials.username,
		credentials.accessToken ?? '',
	]);
}

function tokenRequest(credentials: ICredentialDataDecryptedObject): IHttpRequestOptions {
	const common = {
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
		api_key: String(credentials.apiKey ?? ''),
	};
	const url = `${convertrBaseUrl(credentials)}/oauth/v2/token`;
	if (credentials.grantType === 'password') {
		return {
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'password',
				...common,
				username: String(credentials.username ?? ''),
				password: String(credentials.password ?? ''),
			}).toString(),
			json: true,
		};
	}
	return { method: 'GET', url, qs: { grant_type: CONVERTR_API_KEY_GRANT, ...common }, json: true };
}

function describeTokenFailure(error: unknown): string {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const response = (cause as { response?: { status?: number; data?: unknown } })?.response;
	if (response?.status) {
		const body = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as TokenAnswer;
		const reason = [body.error, body.error_description ?? body.message].filter(Boolean).join(': ');
		return `Convertr refused the token request (HTTP ${response.status})${reason ? `: ${String(reason)}` : ''}. Check the client ID, client secret, API key and grant type of the credential.`;
	}
	const code = (cause as { code?: unknown })?.code;
	return `Convertr's token endpoint could not be reached${typeof code === 'string' ? ` (${code})` : ''}. Check the enterprise subdomain or base URL.`;
}

function tokenExchangeError(message: string): Error {
	const error = new Error(message);
	error.name = TOKEN_EXCHANGE_ERROR;
	return error;
}

async function exchangeToken(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
	let answer: TokenAnswer | string;
	try {
		answer = (await this.helpers.httpRequest(tokenRequest(credentials))) as TokenAnswer | string;
	} catch (error) {
		// The request carried the client secret and API key in its URL: keep nothing of it but the reason.
		throw tokenExchangeError(describeTokenFailure(error));
	}
	const token = typeof answer === 'object' && answer !== null ? answer.access_token : undefined;
	if (typeof token !== 'string' || token === '') {
		throw tokenExchangeError('Convertr answered the token request without an access token');
	}
	return token;
}

export class ConvertrPublisherApi implements ICredentialType {
	name = 'convertrPublisherApi';

	displayName = 'Convertr Publisher API';

	icon: Icon = { light: 'file:../nodes/Convertr/convertr.svg', dark: 'file:../nodes/Convertr/convertr.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert#convertr-publisher';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Enterprise Subdomain',
			name: 'enterprise',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description:
				'The part before .cvtr.io in the Convertr address you deliver to. For Convertr Connect, your client\'s subdomain.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From Convertr: Publisher → Tracking → API Credentials',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'API Key', value: 'apiKey' },
				{ name: 'Username and Password', value: 'password' },
			],
			default: 'apiKey',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: { show: { grantType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { grantType: ['password'] } },
		},
		{
			displayName: 'Publisher ID',
			name: 'publisherId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1234',
			description: 'Your publisher ID on this enterprise (a number)',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.cvtr.io',
			description:
				'Leave empty to use https://{subdomain}.cvtr.io. Set it only for a proxy, a staging host or tests.',
		},
	];

	/** Runs when the stored token is empty or Convertr answered 401: one exchange, shared by concurrent callers. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = exchangeKey(credentials);
		const now = Date.now();
		for (const [k, entry] of recentExchanges) {
			if (now - entry.startedAt > EXCHANGE_REUSE_MS) recentExchanges.delete(k);
		}
		let entry = recentExchanges.get(key);
		if (!entry) {
			const token = exchangeToken.call(this, credentials);
			entry = { startedAt: now, token };
			recentExchanges.set(key, entry);
			// A failed exchange is not shared with later callers: they try again.
			token.catch(() => recentExchanges.delete(key));
		}
		return { accessToken: await entry.token };
	}

	/**
	 * The token travels as the `access_token` query parameter, as Convertr documents. A function rather than an
	 * expression (`={{$credentials.accessToken}}`): n8n would evaluate that expression for every request.
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		qs: { ...(requestOptions.qs ?? {}), access_token: String(credentials.accessToken ?? '') },
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://" + $credentials.enterprise + ".cvtr.io"}}',
			url: '/oauth/v2/token',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: {
				grant_type: `={{$credentials.grantType === "password" ? "password" : "${CONVERTR_API_KEY_GRANT}"}}`,
				client_id: '={{$credentials.clientId}}',
				client_secret: '={{$credentials.clientSecret}}',
				api_key: '={{$credentials.apiKey}}',
				username: '={{$credentials.grantType === "password" ? $credentials.username : ""}}',
				password: '={{$credentials.grantType === "password" ? $credentials.password : ""}}',
			},
		},
	};
}
