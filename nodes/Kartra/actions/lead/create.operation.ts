import { deliveryKeyOf } from '../../../shared/deliverySettings';
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

const show = { resource: ['lead'], operation: ['create'] };

export const createLead: Operation<KartraSession, LeadChange & { email: string }> = {
	description: [leadEmailField(show, true), ...leadChangeParameters(show)],
	async prepare(session, itemIndex) {
		const email = readLeadEmail.call(this, itemIndex);
		return { email, ...(await readLeadChange.call(this, session, itemIndex)) };
	},
	summarize: ({ email }) => ({ leadId: null, email }),
	deliveryKey: ({ email }) => deliveryKeyOf('kartra', 'create_lead', email.toLowerCase()),
	execute: oneByOne(async function (session, { email, fields, actions }, itemIndex) {
		return await session.leadQueue.run(leadKey({ email }), async () => {
			const answer = await kartraRequest.call(
				this,
				session,
				{ lead: { email, ...fields }, actions: [{ cmd: 'create_lead' }, ...actions] },
				{ idempotent: false, itemIndex },
			);
			return leadChangeOutput({ email }, 'created', answer, 1);
		});
	}),
};
