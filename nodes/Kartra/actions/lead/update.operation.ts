import type { IExecuteFunctions } from 'n8n-workflow';

import { checkEmail } from '../../leadFields';
import { type KartraSession, kartraRequest } from '../../transport';
import { type KartraCall, type KartraOperation, leadEmailField, leadIdField, leadKey, readLeadIdentity } from '../common';
import { leadChangeOutput, leadChangeParameters, readLeadChange } from './leadChange';

const show = { resource: ['lead'], operation: ['update'] };

async function prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): Promise<KartraCall> {
	const identity = readLeadIdentity.call(this, itemIndex);
	const newEmail = checkEmail(this.getNode(), itemIndex, 'New Email', this.getNodeParameter('newEmail', itemIndex, ''), false);
	const { fields, actions } = await readLeadChange.call(this, session, itemIndex);
	const lead = { ...identity, ...(newEmail ? { new_email: newEmail } : {}), ...fields };
	return async () =>
		await session.leadQueue.run(leadKey(identity), async () => {
			const answer = await kartraRequest.call(
				this,
				session,
				{ lead, actions: [{ cmd: 'edit_lead' }, ...actions] },
				{ idempotent: false, itemIndex },
			);
			return leadChangeOutput(lead, 'updated', answer, 1);
		});
}

export const updateLead: KartraOperation = {
	description: [
		leadEmailField(show, false, 'The lead\'s current email address (or give the Lead ID)'),
		leadIdField(show),
		{
			displayName: 'New Email',
			name: 'newEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			displayOptions: { show },
			description: 'Changes the lead\'s email address (Kartra refuses it when another lead has it)',
		},
		...leadChangeParameters(show),
	],
	prepare,
};
