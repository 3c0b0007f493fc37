import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { KARTRA_ERRORS } from './common/kartraErrors';
import { encodeFormPairs } from './common/phpForm';

export class KartraApi implements ICredentialType {
	name = 'kartraApi';

	displayName = 'Kartra API';

	icon: Icon = {
		light: 'file:../nodes/Kartra/kartra.svg',
		dark: 'file:../nodes/Kartra/kartra.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/kartra#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description:
				"Your Kartra app's ID (My Integrations → Developers → API). A new app runs in test mode, with no emails sent, until Kartra reviews it.",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The Kartra account's API key (My Integrations → My API)",
		},
		{
			displayName: 'API Password',
			name: 'apiPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The Kartra account's API password, shown beside its API key (My Integrations → My API)",
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://app.kartra.com',
			description: 'Leave empty for https://app.kartra.com. Set it only for a proxy or tests.',
		},
	];

	/** Kartra reads the credentials from the form body: they go first, before the lead's data. */
	authenticate: IAuthenticate = async (
		credentials,
		requestOptions,
	): Promise<IHttpRequestOptions> => {
		const auth = encodeFormPairs([
			['app_id', String(credentials.appId ?? '')],
			['api_key', String(credentials.apiKey ?? '')],
			['api_password', String(credentials.apiPassword ?? '')],
		]);
		const body = typeof requestOptions.body === 'string' ? requestOptions.body : '';
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: body === '' ? auth : `${auth}&${body}`,
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://app.kartra.com"}}',
			url: '/api',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'actions%5B0%5D%5Bcmd%5D=retrieve_account_lists',
		},
		rules: [
			// Kartra's answers to a bad app ID, API key or password (HTTP 200, `status: "Error"`), in Kartra's words
			...Object.entries(KARTRA_ERRORS)
				.filter(([, error]) => error.auth && error.words)
				.map(([type, error]) => ({
					type: 'responseSuccessBody' as const,
					properties: {
						key: 'type',
						value: type,
						message: `Kartra: ${error.words} (type ${type})`,
					},
				})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'status', value: 'Error', message: 'Kartra refused the credentials' },
			},
		],
	};
}
