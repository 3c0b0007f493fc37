import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** Convert drops server-side events whose User-Agent is not `ConvertAgent/…` (while answering 200). */
export const CONVERT_USER_AGENT = 'ConvertAgent/1.0 (n8n-nodes-convertr-kartra-convert)';

/** A request asks for the credential's debug token by carrying this value in the `convert-debug-token` header. */
export const DEBUG_TOKEN_FROM_CREDENTIAL = 'from-credential';

export class ConvertExperiencesApi implements ICredentialType {
	name = 'convertExperiencesApi';

	displayName = 'Convert Experiences API';

	icon: Icon = {
		light: 'file:../nodes/Convert/convert.svg',
		dark: 'file:../nodes/Convert/convert.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convert#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '10022898',
			description:
				'Your Convert account ID (Project → Configuration, or the first number in the tracking script URL)',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '10023256',
		},
		{
			displayName: 'SDK Key',
			name: 'sdkKey',
			type: 'string',
			default: '',
			description:
				'Optional. With an SDK key the config and the events go through the SDK-key endpoints; needed when the project disables the default config endpoint.',
		},
		{
			displayName: 'SDK Key Secret',
			name: 'sdkKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret of an authenticated SDK key, sent as a Bearer token. Leave empty for a key without a secret.',
		},
		{
			displayName: 'Debug Token',
			name: 'debugToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. Lets the config include draft and paused experiences. Convert's debug tokens expire after 24 hours by default.",
		},
		{
			displayName: 'Config Base URL Override',
			name: 'configBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://cdn-4.convertexperiments.com',
			description: "Leave empty for Convert's CDN. Set it only for a proxy or tests.",
		},
		{
			displayName: 'Metrics Base URL Override',
			name: 'metricsBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://10023256.metrics.convertexperiments.com',
			description:
				'Leave empty for https://{project ID}.metrics.convertexperiments.com. Set it only for a proxy or tests.',
		},
	];

	/**
	 * The SDK-key endpoints (`/config/{sdkKey}`, `/track/{sdkKey}`, `/visitor-data/{sdkKey}/…`) take the key's secret as a Bearer token
	 * (an empty header for a key without a secret); the default endpoints take nothing. A request that wants
	 * draft and paused experiences gets the debug token, both as Convert's API documents it (header) and as
	 * its JS SDK sends it (query).
	 */
	authenticate: IAuthenticate = async (
		credentials,
		requestOptions,
	): Promise<IHttpRequestOptions> => {
		const headers: Record<string, unknown> = {
			...(requestOptions.headers ?? {}),
			'User-Agent': CONVERT_USER_AGENT,
		};
		const qs = { ...(requestOptions.qs ?? {}) };
		const sdkKey = String(credentials.sdkKey ?? '').trim();
		const url = String(requestOptions.url ?? '');
		if (
			sdkKey !== '' &&
			['config', 'track', 'visitor-data'].some((route) =>
				url.includes(`/${route}/${encodeURIComponent(sdkKey)}`),
			)
		) {
			const secret = String(credentials.sdkKeySecret ?? '');
			headers.Authorization = secret === '' ? '' : `Bearer ${secret}`;
		}
		if (headers['convert-debug-token'] === DEBUG_TOKEN_FROM_CREDENTIAL) {
			const token = String(credentials.debugToken ?? '');
			if (token === '') {
				delete headers['convert-debug-token'];
			} else {
				headers['convert-debug-token'] = token;
				qs.debug_token = token;
			}
		}
		return { ...requestOptions, headers: headers as IHttpRequestOptions['headers'], qs };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.configBaseUrl ? $credentials.configBaseUrl.replace(/\\/+$/, "") : "https://cdn-4.convertexperiments.com"}}',
			url: '={{"/api/v1/config/" + ($credentials.sdkKey ? encodeURIComponent($credentials.sdkKey.trim()) : encodeURIComponent(String($credentials.accountId).trim()) + "/" + encodeURIComponent(String($credentials.projectId).trim()))}}',
			method: 'GET',
			headers: { 'User-Agent': CONVERT_USER_AGENT },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Convert refused the SDK key secret: check the SDK Key Secret (empty for a key without one)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Convert refused the config: the project may disable the default endpoint (then set an SDK key), or the key may belong to another project',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Convert knows no such account and project, or no such SDK key',
				},
			},
		],
	};
}
