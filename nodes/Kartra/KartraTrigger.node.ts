import {
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import {
	answerCall,
	checkCallSecret,
	manualWebhookMethods,
	testWebhookSecret,
	webhookSecretProperties,
} from '../shared/trigger';
import { simplifyRecord } from './easternTime';

/** The `action` values of Kartra's outbound API calls. */
export const KARTRA_EVENTS: Array<[string, string]> = [
	['assign_tag', 'Tag Assigned'],
	['unassign_tag', 'Tag Removed'],
	['list_subscription', 'List Subscription'],
	['list_unsubscription', 'List Unsubscription'],
	['sequence_subscription', 'Sequence Subscription'],
	['sequence_unsubscription', 'Sequence Unsubscription'],
	['sequence_completion', 'Sequence Completed'],
	['membership_granted', 'Membership Granted'],
	['membership_revoked', 'Membership Revoked'],
	['buy_product', 'Product Bought'],
	['cancel_subscription', 'Subscription Cancelled'],
	['refund', 'Refund'],
	['calendar_subscribe', 'Calendar Subscription'],
	['calendar_cancel', 'Calendar Cancellation'],
	['calendar_complete', 'Calendar Completed'],
	['filled_form', 'Form Filled'],
	['survey_complete', 'Survey Completed'],
	['video_play', 'Video Played'],
	['video_complete', 'Video Completed'],
	['reaches_score', 'Score Reached'],
	['kartra_page_visit', 'Page Visited'],
	['click_page_split_test_link', 'Split Test Link Clicked'],
	['affiliate_signup', 'Affiliate Signup'],
	['jv_signup', 'JV Signup'],
];

/** The `transaction_type` values of Kartra's IPN (payment notifications, per product). */
export const KARTRA_PAYMENT_EVENTS: Array<[string, string]> = [
	['sale', 'Sale'],
	['rebill', 'Rebill'],
	['refund', 'Refund'],
	['partial_refund', 'Partial Refund'],
	['chargeback', 'Chargeback'],
	['cancellation', 'Cancellation'],
	['failed', 'Failed Rebill'],
];

/** Kartra sends the lead (and sometimes the details) as JSON; a form post may carry them as JSON text. */
function objectOf(value: unknown): IDataObject | undefined {
	if (typeof value === 'string') {
		try {
			return objectOf(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** "Tag Assigned, Product Purchased" (the events' names, as the lists show them), or "All lead events". */
function eventsSubtitle(): string {
	const names = JSON.stringify(Object.fromEntries([...KARTRA_EVENTS, ...KARTRA_PAYMENT_EVENTS]));
	const chosen = (parameter: string, all: string) =>
		`(($parameter["${parameter}"] || []).includes("*") ? "${all}" : ($parameter["${parameter}"] || []).map((e) => (${names})[e] || e).join(", "))`;
	return `={{ $parameter["source"] === "ipn" ? ${chosen('paymentEvents', 'All payment events')} : ${chosen('events', 'All lead events')} }}`;
}

export class KartraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kartra Trigger',
		name: 'kartraTrigger',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/kartra#kartra-trigger',
		icon: { light: 'file:kartra.svg', dark: 'file:kartra.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(),
		description:
			'Starts the workflow when Kartra reports a lead event (tag, list, purchase, form, …) or a payment (IPN)',
		defaults: { name: 'Kartra Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'kartraTriggerApi', required: true, testedBy: 'kartraTriggerSecretTest' },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'kartra' }],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Lead Events (Outbound API)',
						value: 'outbound',
						description: "Kartra's outbound API: tags, lists, sequences, purchases, forms, …",
					},
					{
						name: 'Payments (IPN)',
						value: 'ipn',
						description:
							"Kartra's instant payment notifications, set per product: sales, rebills, refunds, chargebacks, cancellations, failed rebills",
					},
				],
				default: 'outbound',
			},
			{
				displayName:
					"In Kartra, open the product's settings → IPN, and enter this node's Production URL (shown above) with the secret appended, e.g. <code>?token=YOUR_SECRET</code>. Each product that should start the workflow needs it.",
				name: 'ipnNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['ipn'] } },
			},
			{
				displayName:
					"In Kartra, open My Integrations → My API → Outbound API, and add this node's Production URL (shown above) with the secret appended, e.g. <code>?token=YOUR_SECRET</code>. Then choose, in Kartra, which events it sends.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['outbound'] } },
			},
			{
				// Not "Events": n8n's node panel turns a trigger's "Events" into actions and then lists the trigger as
				// "Kartra" beside "Kartra Lead"; under this name it stays "Kartra Trigger", as "Convertr Trigger" does.
				displayName: 'Lead Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'All Events', value: '*' },
					...KARTRA_EVENTS.map(([value, name]) => ({ name, value })),
				],
				default: ['*'],
				description:
					'Which Kartra events start the workflow; other events are answered and ignored',
				displayOptions: { show: { source: ['outbound'] } },
			},
			{
				displayName: 'Payment Events',
				name: 'paymentEvents',
				type: 'multiOptions',
				options: [
					{ name: 'All Payment Events', value: '*' },
					...KARTRA_PAYMENT_EVENTS.map(([value, name]) => ({ name, value })),
				],
				default: ['*'],
				description:
					'Which payment notifications start the workflow; others are answered and ignored',
				displayOptions: { show: { source: ['ipn'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				displayOptions: { show: { source: ['ipn'] } },
				description:
					'Whether to give "N/A" as empty and dates as ISO 8601 (US Eastern, with the offset of the day) instead of what Kartra posted',
			},
			...webhookSecretProperties('token', 'X-Kartra-Token'),
		],
	};

	methods = { credentialTest: { kartraTriggerSecretTest: testWebhookSecret } };

	// Kartra's outbound API is configured by hand in Kartra
	webhookMethods = manualWebhookMethods('kartraTriggerApi');

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const answer = (status: number, body: IDataObject, emit?: IDataObject) =>
			answerCall.call(this, status, body, emit);
		if (
			!(await checkCallSecret.call(this, 'kartraTriggerApi', {
				query: 'token',
				header: 'X-Kartra-Token',
			}))
		) {
			return answer(401, { error: 'Missing or wrong secret' });
		}

		const body = objectOf(request.body);
		if (this.getNodeParameter('source', 'outbound') === 'ipn') {
			// form-encoded as Kartra posts it (n8n has parsed it), or JSON
			const type = body?.transaction_type;
			if (!body || typeof type !== 'string' || type === '' || body.transaction_id === undefined) {
				return answer(400, {
					error: 'Not a Kartra payment notification: expected transaction_id and transaction_type',
				});
			}
			const wanted = this.getNodeParameter('paymentEvents', ['*']) as string[];
			if (!wanted.includes('*') && !wanted.includes(type))
				return answer(200, { received: true, ignored: type });
			const simplify = this.getNodeParameter('simplify', true) as boolean;
			return answer(
				200,
				{ received: true },
				{
					event: type,
					...(simplify ? simplifyRecord(body) : body),
					receivedAt: new Date().toISOString(),
				},
			);
		}
		const action = body?.action;
		const lead = objectOf(body?.lead);
		if (!body || typeof action !== 'string' || action.trim() === '' || !lead) {
			return answer(400, {
				error: 'Not a Kartra event: expected a JSON body with "action" and "lead"',
			});
		}
		const events = this.getNodeParameter('events', ['*']) as string[];
		if (!events.includes('*') && !events.includes(action)) {
			return answer(200, { received: true, ignored: action });
		}
		return answer(
			200,
			{ received: true },
			{
				action,
				lead,
				actionDetails: objectOf(body.action_details) ?? body.action_details ?? null,
				receivedAt: new Date().toISOString(),
			},
		);
	}
}
