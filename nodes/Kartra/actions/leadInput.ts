import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { invalidInput, isBlank, kindOf, requireId } from '../../shared/input';

/** Readers of a lead's identification and of Kartra's chained answers: each names the item and the field. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The longest e-mail address there is (RFC 5321's path limit less its brackets): longer text is refused before the pattern runs */
const MAX_EMAIL_LENGTH = 254;

export function checkEmail(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	required: boolean,
): string | undefined {
	if (isBlank(value)) {
		if (required) throw invalidInput(node, itemIndex, field, 'is required');
		return undefined;
	}
	if (typeof value !== 'string')
		throw invalidInput(node, itemIndex, field, `must be an email address, not ${kindOf(value)}`);
	const email = value.trim();
	if (email.length > MAX_EMAIL_LENGTH)
		throw invalidInput(
			node,
			itemIndex,
			field,
			`is not a valid email address: longer than ${MAX_EMAIL_LENGTH} characters`,
		);
	if (!EMAIL.test(email))
		throw invalidInput(
			node,
			itemIndex,
			field,
			`is not a valid email address: "${email.slice(0, 60)}"`,
		);
	return email;
}

/** The required "Lead Email" of an item (Create, Create or Update, Get). */
export function readLeadEmail(this: IExecuteFunctions, itemIndex: number): string {
	return checkEmail(
		nodeOf(this),
		itemIndex,
		'Lead Email',
		this.getNodeParameter('email', itemIndex),
		true,
	) as string;
}

/** Reads "Lead Email" / "Lead ID" into Kartra's lead identification; one of them is required. */
export function readLeadIdentity(
	this: IExecuteFunctions,
	itemIndex: number,
): { [key: string]: string } {
	const node = nodeOf(this);
	const email = checkEmail(
		node,
		itemIndex,
		'Lead Email',
		this.getNodeParameter('email', itemIndex, ''),
		false,
	);
	const id = requireId(node, itemIndex, 'Lead ID', this.getNodeParameter('leadId', itemIndex, ''), {
		optional: true,
	});
	if (email === undefined && id === undefined)
		throw invalidInput(node, itemIndex, 'Lead Email or Lead ID', 'is required: give one of them');
	return { ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) };
}

/**
 * The key under which calls that change one lead are queued (`session.leadQueue`): Kartra matches a lead by ID
 * first, then by email without regard to case.
 */
export function leadKey(lead: { id?: string; email?: string }): string {
	return lead.id !== undefined
		? `id:${lead.id}`
		: `email:${String(lead.email ?? '').toLowerCase()}`;
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
