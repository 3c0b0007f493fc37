import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInput, requireId } from '../../shared/validation';
import { checkEmail, type Show } from '../leadFields';
import type { KartraSession } from '../transport';

/** What one prepared item does when its turn comes: its Kartra call(s), and the output items. */
export type KartraCall = () => Promise<INodeExecutionData[]>;

/**
 * One operation: its parameters, and `prepare`, which reads and checks one item's parameters (throwing an
 * error that names the item and the field) and sends nothing but, at most, the account's custom-field list
 * (once per execution).
 */
export interface KartraOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): KartraCall | Promise<KartraCall>;
}

export const DEFAULT_CONCURRENCY = 4;

export function leadEmailField(show: Show, required: boolean, description?: string): INodeProperties {
	return {
		displayName: 'Lead Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required,
		displayOptions: { show },
		description: description ?? 'The lead\'s email address',
	};
}

export function leadIdField(show: Show): INodeProperties {
	return {
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'Kartra\'s lead ID. Give the ID or the email; when both are given Kartra uses the ID.',
	};
}

/** Reads "Lead Email" / "Lead ID" into Kartra's lead identification; one of them is required. */
export function readLeadIdentity(this: IExecuteFunctions, itemIndex: number): { [key: string]: string } {
	const node = this.getNode();
	const email = checkEmail(node, itemIndex, 'Lead Email', this.getNodeParameter('email', itemIndex, ''), false);
	const id = requireId(node, itemIndex, 'Lead ID', this.getNodeParameter('leadId', itemIndex, ''), { optional: true });
	if (email === undefined && id === undefined) throw invalidInput(node, itemIndex, 'Lead Email or Lead ID', 'is required: give one of them');
	return { ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) };
}

/**
 * The key under which calls that change one lead are queued (`session.leadQueue`): Kartra matches a lead by ID
 * first, then by email without regard to case.
 */
export function leadKey(lead: { id?: string; email?: string }): string {
	return lead.id !== undefined ? `id:${lead.id}` : `email:${String(lead.email ?? '').toLowerCase()}`;
}

/** One entry of a chained call's `actions` answer, flattened for the output. */
export interface ActionOutcome {
	cmd: string;
	status: string;
	message?: string;
	type?: string;
	leadId?: string;
}

export function readOutcomes(answer: IDataObject): ActionOutcome[] {
	const outcomes: ActionOutcome[] = [];
	for (const entry of Array.isArray(answer.actions) ? (answer.actions as IDataObject[]) : []) {
		for (const [cmd, result] of Object.entries(entry ?? {})) {
			const r = (result ?? {}) as IDataObject;
			const leadId = (r.lead_details as IDataObject | undefined)?.id;
			outcomes.push({
				cmd,
				status: String(r.status ?? ''),
				...(typeof r.message === 'string' ? { message: r.message } : {}),
				...(r.type !== undefined ? { type: String(r.type) } : {}),
				...(leadId !== undefined ? { leadId: String(leadId) } : {}),
			});
		}
	}
	if (outcomes.length === 0 && typeof answer.status === 'string') {
		outcomes.push({
			cmd: '',
			status: answer.status,
			...(typeof answer.message === 'string' ? { message: answer.message } : {}),
			...(answer.type !== undefined ? { type: String(answer.type) } : {}),
		});
	}
	return outcomes;
}

export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Concurrent Requests',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: DEFAULT_CONCURRENCY,
				description:
					'How many items are sent at the same time. Whatever the number, calls are spaced to stay under Kartra\'s 20 calls per second.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'How long to wait for Kartra\'s answer. A call that changes a lead and gets no answer in time is reported as an error and not sent again.',
			},
		],
	};
}
