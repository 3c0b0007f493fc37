import type { IExecuteFunctions } from 'n8n-workflow';

import { type KartraSession, kartraRequest } from '../../transport';
import { type KartraCall, type KartraOperation, leadEmailField, leadIdField, readLeadIdentity } from '../common';

const show = { resource: ['lead'], operation: ['search'] };

/** search_lead: whether a lead exists, and its ID. "No lead found" is an answer here, not an error. */
function prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): KartraCall {
	const lead = readLeadIdentity.call(this, itemIndex);
	return async () => {
		const answer = await kartraRequest.call(
			this,
			session,
			{ lead, actions: [{ cmd: 'search_lead' }] },
			{ idempotent: true, itemIndex, acceptErrorTypes: ['243'] },
		);
		const id = (answer.lead_details as { id?: unknown } | undefined)?.id;
		return [{ json: { ...lead, found: answer.status !== 'Error', leadId: id !== undefined ? String(id) : null } }];
	};
}

export const searchLead: KartraOperation = { description: [leadEmailField(show, false), leadIdField(show)], prepare };
