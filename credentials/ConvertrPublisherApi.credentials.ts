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

import { CONVERTR_API_KEY_GRANT, obtainToken } from './common/convertrToken';

export class ConvertrPublisherApi implements ICredentialType {
	name = 'convertrPublisherApi';

	displayName = 'Convertr Publisher API';

	icon: Icon = {
		light: 'file:../nodes/Convertr/convertr.svg',
		dark: 'file:../nodes/Convertr/convertr.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#credentials';

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
				"The part before .cvtr.io in the Convertr address you deliver to. For Convertr Connect, your client's subdomain.",
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
			description:
				'Beside the Client ID in the Tracking modal (your publisher → Tracking → API Credentials); the same for the whole platform',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The key unique to your publisher user, in the same Tracking modal (API Credentials tab)',
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

	/**
	 * Runs when the stored token is empty, when Convertr answered 401, and for the credential test: a token
	 * obtained with this credential's own values (shared only by concurrent requests with the very same values).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return { accessToken: await obtainToken.call(this, credentials) };
	}

	/**
	 * The token travels as the `access_token` query parameter, as Convertr documents. A function rather than an
	 * expression (`={{$credentials.accessToken}}`): n8n would evaluate that expression for every request.
	 */
	authenticate: IAuthenticate = async (
		credentials,
		requestOptions,
	): Promise<IHttpRequestOptions> => ({
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
		// n8n runs preAuthentication before this request, and its refusal names Convertr's reason; these only
		// speak when the token came through but this second exchange was refused.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message: 'Convertr refused the client ID, client secret, API key or grant (HTTP 400).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Convertr refused the client ID, client secret, API key or grant (HTTP 401).',
				},
			},
		],
	};
}
