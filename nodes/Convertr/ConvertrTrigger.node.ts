import {
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { ownValue } from '../../credentials/common/ownKeys';
import {
	answerCall,
	checkCallSecret,
	manualWebhookMethods,
	testWebhookSecret,
	webhookSecretProperties,
} from '../shared/trigger';

const STATUSES: Record<string, string> = {
	valid: 'valid',
	invalid: 'invalid',
	billable: 'billable',
};

export class ConvertrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convertr Trigger',
		name: 'convertrTrigger',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#convertr-trigger',
		icon: { light: 'file:convertr.svg', dark: 'file:convertr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Lead status postback',
		description: 'Starts the workflow when Convertr reports a lead as valid, invalid or billable',
		defaults: { name: 'Convertr Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'convertrTriggerApi', required: true, testedBy: 'convertrTriggerSecretTest' },
		],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'convertr' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'convertr' },
		],
		properties: [
			{
				displayName:
					"In Convertr, open the campaign, then Tracking → Tracking Events, and add a postback for Valid, Invalid and Billable. Paste this node's Production URL (shown above) with the secret and the lead's data appended, e.g. <code>?token=YOUR_SECRET&amp;leadId={LEAD_ID}&amp;status={STATUS}</code>, using the placeholders Convertr offers. GET and POST both work.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...webhookSecretProperties('token', 'X-Convertr-Token'),
			{
				displayName: 'Lead ID Parameter',
				name: 'leadIdParameter',
				type: 'string',
				default: 'leadId',
				description: "The name of the parameter that carries the lead ID in Convertr's call",
			},
			{
				displayName: 'Status Parameter',
				name: 'statusParameter',
				type: 'string',
				default: 'status',
				description:
					'The name of the parameter that carries the status (Valid, Invalid or Billable)',
			},
		],
	};

	methods = { credentialTest: { convertrTriggerSecretTest: testWebhookSecret } };

	// Convertr's postbacks are configured by hand in Convertr
	webhookMethods = manualWebhookMethods('convertrTriggerApi');

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const reject = (status: number, error: string) => answerCall.call(this, status, { error });
		const call = await checkCallSecret.call(this, 'convertrTriggerApi', {
			query: 'token',
			header: 'X-Convertr-Token',
		});
		if (!call) return reject(401, 'Missing or wrong secret');
		const { query, location, secretName } = call;

		const body: unknown = request.body;
		const hasBody =
			body !== undefined &&
			body !== null &&
			!(typeof body === 'object' && Object.keys(body).length === 0);
		if (hasBody && (typeof body !== 'object' || Array.isArray(body))) {
			return reject(400, 'The body must be a JSON object or form fields');
		}
		const parameters: IDataObject = { ...query, ...(hasBody ? (body as IDataObject) : {}) };
		if (location === 'query') delete parameters[secretName];

		const leadIdName = this.getNodeParameter('leadIdParameter', 'leadId') as string;
		const statusName = this.getNodeParameter('statusParameter', 'status') as string;
		// own parameters only: `constructor` or `__proto__` as a name must not read Object's
		const leadId = String(ownValue(parameters, leadIdName) ?? '').trim();
		const rawStatus = String(ownValue(parameters, statusName) ?? '').trim();
		if (!/^\d{1,18}$/.test(leadId)) {
			return reject(400, `Parameter "${leadIdName}" must hold the lead ID (a number)`);
		}
		if (rawStatus === '') {
			return reject(400, `Parameter "${statusName}" must hold the lead status`);
		}

		// Answered here rather than by n8n's "onReceived" default, which would echo a setting name as the body.
		return answerCall.call(
			this,
			200,
			{ received: true },
			{
				leadId: Number(leadId),
				status: (ownValue(STATUSES, rawStatus.toLowerCase()) as string | undefined) ?? rawStatus,
				parameters,
				method: request.method,
				receivedAt: new Date().toISOString(),
			},
		);
	}
}
