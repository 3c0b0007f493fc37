import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { leadEmailField, leadIdField } from '../common.descriptions';
import { readLeadIdentity } from '../leadInput';

const show = { resource: ['lead'], operation: ['search'] };

/** search_lead: whether a lead exists, and its ID. "No lead found" is an answer here, not an error. */
export const searchLead: Operation<KartraSession, { [key: string]: string }> = {
	description: [leadEmailField(show, false), leadIdField(show)],
	prepare(_session, itemIndex) {
		return readLeadIdentity.call(this, itemIndex);
	},
	execute: oneByOne(async function (session, lead, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{ lead, actions: [{ cmd: 'search_lead' }] },
			{ idempotent: true, itemIndex, acceptErrorTypes: ['243'] },
		);
		const id = (answer.lead_details as { id?: unknown } | undefined)?.id;
		return [
			{ ...lead, found: answer.status !== 'Error', leadId: id !== undefined ? String(id) : null },
		];
	}),
};
