import type { IDataObject } from 'n8n-workflow';

import { deliveryKeyOf, stableText } from '../../../shared/deliverySettings';
import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { leadEmailField } from '../common.descriptions';
import { leadKey, readLeadEmail } from '../leadInput';
import {
	type LeadChange,
	leadChangeOutput,
	leadChangeParameters,
	readLeadChange,
} from './leadChange';

const show = { resource: ['lead'], operation: ['upsert'] };

/** Kartra's "no lead found" (edit_lead) and "lead already exists" (create_lead) */
const NO_LEAD = '243';
const LEAD_EXISTS = '244';

/**
 * Kartra has no upsert. The lead's data and chained actions go in one call that edits the lead, and only
 * when Kartra answers "No lead found" a second call creates it (or the other way round, when most leads are
 * expected to be new). A lead is never created twice: Kartra refuses a second lead with the same email, and when
 * the create meets "Lead already exists" (another execution created it in between) the item ends as an edit of
 * that lead. Items with the same email run one after another, in input order, so a sheet's duplicate row updates
 * the lead its first row created.
 */
export const upsertLead: Operation<
	KartraSession,
	LeadChange & { email: string; createFirst: boolean }
> = {
	description: [
		{
			displayName:
				'Kartra has no upsert: this costs one call per lead already in Kartra and two per new lead (20 calls a second at most). For a list of mostly new leads, set Options › Try First to Create; for leads you know are new, use Lead → Create.',
			name: 'upsertCostNotice',
			type: 'notice',
			default: '',
			displayOptions: { show },
		},
		leadEmailField(
			show,
			true,
			"The lead's email address: the lead is found by it, or created with it",
		),
		...leadChangeParameters(show),
	],
	async prepare(session, itemIndex) {
		const email = readLeadEmail.call(this, itemIndex);
		const createFirst =
			(this.getNodeParameter('options.tryFirst', itemIndex, 'update') as string) === 'create';
		return { email, createFirst, ...(await readLeadChange.call(this, session, itemIndex)) };
	},
	summarize: ({ email }) => ({ leadId: null, email }),
	// the same data again is the same delivery; changed data goes through
	deliveryKey: ({ email, fields, actions }) =>
		deliveryKeyOf('kartra', 'upsert', email.toLowerCase(), stableText({ fields, actions })),
	execute: oneByOne(async function (session, { email, createFirst, fields, actions }, itemIndex) {
		const lead = { email, ...fields };
		let calls = 0;
		const attempt = async (cmd: 'edit_lead' | 'create_lead', accept: string[]) => {
			calls++;
			return await kartraRequest.call(
				this,
				session,
				{ lead, actions: [{ cmd }, ...actions] },
				{ idempotent: false, itemIndex, acceptErrorTypes: accept },
			);
		};
		const edit = async (accept: string[]) => ({
			result: 'updated' as const,
			answer: await attempt('edit_lead', accept),
		});
		const create = async (accept: string[]) => ({
			result: 'created' as const,
			answer: await attempt('create_lead', accept),
		});
		const missed = (outcome: { answer: IDataObject }) => outcome.answer.status === 'Error';
		return await session.leadQueue.run(leadKey({ email }), async () => {
			let outcome;
			if (createFirst) {
				outcome = await create([LEAD_EXISTS]);
				if (missed(outcome)) outcome = await edit([]);
			} else {
				outcome = await edit([NO_LEAD]);
				if (missed(outcome)) outcome = await create([LEAD_EXISTS]);
				// created by someone else since the edit found nothing: edit it after all
				if (missed(outcome)) outcome = await edit([]);
			}
			return leadChangeOutput({ email }, outcome.result, outcome.answer, calls);
		});
	}),
};
