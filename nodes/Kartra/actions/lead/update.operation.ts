import type { IDataObject } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { oneByOne, type Operation } from '../../../shared/operation';
import type { PhpFormValue } from '../../../../credentials/common/phpForm';
import { type KartraSession, kartraRequest } from '../../transport';
import { leadEmailField, leadIdField } from '../common.descriptions';
import { checkEmail, leadKey, readLeadIdentity } from '../leadInput';
import {
	type LeadChange,
	leadChangeOutput,
	leadChangeParameters,
	readLeadChange,
} from './leadChange';

const show = { resource: ['lead'], operation: ['update'] };

export const updateLead: Operation<
	KartraSession,
	LeadChange & { identity: { [key: string]: string }; newEmail?: string }
> = {
	description: [
		leadEmailField(show, false, "The lead's current email address (or give the Lead ID)"),
		leadIdField(show),
		{
			displayName: 'New Email',
			name: 'newEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			displayOptions: { show },
			description: "Changes the lead's email address (Kartra refuses it when another lead has it)",
		},
		...leadChangeParameters(show),
	],
	async prepare(session, itemIndex) {
		const identity = readLeadIdentity.call(this, itemIndex);
		const newEmail = checkEmail(
			nodeOf(this),
			itemIndex,
			'New Email',
			this.getNodeParameter('newEmail', itemIndex, ''),
			false,
		);
		return { identity, newEmail, ...(await readLeadChange.call(this, session, itemIndex)) };
	},
	execute: oneByOne(async function (session, { identity, newEmail, fields, actions }, itemIndex) {
		const lead: Record<string, PhpFormValue> = {
			...identity,
			...(newEmail ? { new_email: newEmail } : {}),
			...fields,
		};
		return await session.leadQueue.run(leadKey(identity), async () => {
			const answer = await kartraRequest.call(
				this,
				session,
				{ lead, actions: [{ cmd: 'edit_lead' }, ...actions] },
				{ idempotent: false, itemIndex },
			);
			return leadChangeOutput(lead as IDataObject, 'updated', answer, 1);
		});
	}),
};
