import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * One Convertr campaign's API key (Convertr's Campaign Webhook): forms, links and lead posting for that campaign, with
 * no token exchange. For publishers a campaign manager hands a campaign key instead of publisher API credentials.
 */
export class ConvertrCampaignApi implements ICredentialType {
	name = 'convertrCampaignApi';

	displayName = 'Convertr Campaign API';

	icon: Icon = {
		light: 'file:../nodes/Convertr/convertr.svg',
		dark: 'file:../nodes/Convertr/convertr.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Enterprise Subdomain',
			name: 'enterprise',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The part before .cvtr.io in the Convertr address you deliver to',
		},
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '100',
			description: 'The campaign the key belongs to (a number)',
		},
		{
			displayName: 'Campaign API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the campaign in Convertr: Admin → Setup → Advanced, Campaign API Key',
		},
		{
			displayName: 'Publisher ID',
			name: 'publisherId',
			type: 'string',
			default: '',
			description: 'Optional: the publisher the leads are credited to (sent as publisherId)',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			description:
				'Leave empty: the address is built from the enterprise subdomain. For a proxy or a test server only.',
		},
	];

	/**
	 * The key travels as the `apikey` query parameter, as Convertr documents. A function rather than an expression:
	 * n8n would evaluate that expression for every request.
	 */
	authenticate: IAuthenticate = async (
		credentials,
		requestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		qs: { ...(requestOptions.qs ?? {}), apikey: String(credentials.apiKey ?? '') },
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://" + $credentials.enterprise + ".cvtr.io"}}',
			url: '=/webhook/campaign/v2/{{encodeURIComponent(String($credentials.campaignId).trim())}}/global-form/fields',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Convertr refused the campaign API key: Access denied. (HTTP 401)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Convertr refused the campaign: it is not active (HTTP 403)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Convertr has no such campaign at this address: check the enterprise subdomain and the campaign ID (HTTP 404)',
				},
			},
		],
	};
}
