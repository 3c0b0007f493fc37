import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * An API key of this n8n instance's public API (Settings → n8n API), with which the Convertr Lead Result Trigger
 * reads the executions of the workflows that deliver leads: n8n's execution history is where the lead IDs those
 * workflows received are kept.
 */
export class N8nExecutionsApi implements ICredentialType {
	name = 'n8nExecutionsApi';

	displayName = 'Execution History API';

	icon: Icon = {
		light: 'file:../nodes/Convertr/convertr.svg',
		dark: 'file:../nodes/Convertr/convertr.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key of this n8n (Settings → n8n API) whose scopes include reading executions (execution:list, execution:read)',
		},
		{
			displayName: 'Base Address',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			required: true,
			description:
				"The address of this n8n's public API, ending in /api/v1, as the n8n process itself reaches it",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/executions',
			qs: { limit: 1 },
			// the API key goes to this address only, never on to where a redirect points
			disableFollowRedirect: true,
		},
	};
}
