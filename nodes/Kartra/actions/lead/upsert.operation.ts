import type { IExecuteFunctions } from 'n8n-workflow';

import { checkEmail } from '../../leadFields';
import { type KartraSession, kartraRequest } from '../../transport';
import { type KartraCall, type KartraOperation, leadEmailField } from '../common';
import { leadChangeOutput, leadChangeParameters, readLeadChange } from './leadChange';

const show = { resource: ['lead'], operation: ['upsert'] };

/** Kartra's "no lead found" (edit_lead) and "lead already exists" (create_lead) */
const NO_LEAD = '243';
const LEAD_EXISTS = '244';

/**
 * Kartra has no upsert. The lead's data and chained actions go in one call that edits the lead, and only
 * when Kartra answers "No lead found" a second call creates it (or the other way round, when most leads are
 * expected to be new). Either way a lead is never created twice: Kartra refuses a second lead with the same email.
 */
async function prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): Promise<KartraCall> {
	const email = checkEmail(this.getNode(), itemIndex, 'Lead Email', this.getNodeParameter('email', itemIndex), true) as string;
	const { fields, actions } = await readLeadChange.call(this, session, itemIndex);
	const createFirst = (this.getNodeParameter('options.tryFirst', itemIndex, 'update') as string) === 'create';
	const lead = { email, ...fields };
	const attempt = async (cmd: 'edit_lead' | 'create_lead', accept: string[]) =>
		await kartraRequest.call(this, session, { lead, actions: [{ cmd }, ...actions] }, { idempotent: false, itemIndex, acceptErrorTypes: accept });
	return async () => {
		const [first, second] = createFirst
			? (['create_lead', 'edit_lead'] as const)
			: (['edit_lead', 'create_lead'] as const);
		const answer = await attempt(first, [createFirst ? LEAD_EXISTS : NO_LEAD]);
		if (answer.status !== 'Error') {
			return leadChangeOutput({ email }, first === 'create_lead' ? 'created' : 'updated', answer, 1);
		}
		const retry = await attempt(second, []);
		return leadChangeOutput({ email }, second === 'create_lead' ? 'created' : 'updated', retry, 2);
	};
}

export const upsertLead: KartraOperation = {
	description: [leadEmailField(show, true, 'The lead\'s email address: the lead is found by it, or created with it'), ...leadChangeParameters(show)],
	prepare,
};
