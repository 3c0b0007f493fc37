import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { actionFieldProperty, buildAction, LEAD_ACTIONS, paramName } from '../leadActions';
import { type KartraSession, kartraRequest } from '../transport';
import { type KartraCall, type KartraOperation, leadEmailField, leadIdField, leadKey, readLeadIdentity, readOutcomes } from './common';

/**
 * An operation that runs one Kartra lead action (assign a tag, give points…) on an existing lead:
 * `lead[email|id]` plus `actions[0]`, one call per item.
 */
export function leadActionOperation(resource: string, operation: string, cmd: string): KartraOperation {
	const spec = LEAD_ACTIONS[cmd];
	const show = { resource: [resource], operation: [operation] };
	const description: INodeProperties[] = [
		leadEmailField(show, false),
		leadIdField(show),
		...spec.fields.map((field) => actionFieldProperty(field, paramName(field), show)),
	];
	function prepare(this: IExecuteFunctions, session: KartraSession, itemIndex: number): KartraCall {
		const node = this.getNode();
		const lead = readLeadIdentity.call(this, itemIndex);
		const values = Object.fromEntries(spec.fields.map((f) => [paramName(f), this.getNodeParameter(paramName(f), itemIndex, '')]));
		const action = buildAction(node, itemIndex, spec, values, '');
		return async () =>
			await session.leadQueue.run(leadKey(lead), async () => {
				const answer = await kartraRequest.call(this, session, { lead, actions: [action] }, { idempotent: false, itemIndex });
				const [outcome] = readOutcomes(answer);
				return [{ json: { ...lead, action: cmd, ...action, status: outcome?.status ?? 'Success', message: outcome?.message ?? null, type: outcome?.type ?? null } }];
			});
	}
	return { description, prepare };
}
