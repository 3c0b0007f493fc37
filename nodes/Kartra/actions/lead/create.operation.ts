import type { IExecuteFunctions } from 'n8n-workflow';

import { checkEmail } from '../../leadFields';
import { type KartraSession, kartraRequest } from '../../transport';
import { type KartraCall, type KartraOperation, leadEmailField, leadKey } from '../common';
import { leadChangeOutput, leadChangeParameters, readLeadChange } from './leadChange';

const show = { resource: ['lead'], operation: ['create'] };

async function prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): Promise<KartraCall> {
	const email = checkEmail(this.getNode(), itemIndex, 'Lead Email', this.getNodeParameter('email', itemIndex), true) as string;
	const { fields, actions } = await readLeadChange.call(this, session, itemIndex);
	const lead = { email, ...fields };
	return async () =>
		await session.leadQueue.run(leadKey({ email }), async () => {
			const answer = await kartraRequest.call(
				this,
				session,
				{ lead, actions: [{ cmd: 'create_lead' }, ...actions] },
				{ idempotent: false, itemIndex },
			);
			return leadChangeOutput({ email }, 'created', answer, 1);
		});
}

export const createLead: KartraOperation = {
	description: [leadEmailField(show, true), ...leadChangeParameters(show)],
	prepare,
};
