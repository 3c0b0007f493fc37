import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isVersion, nodeOf } from '../../shared/context';
import { deliveryKeyOf, stableText } from '../../shared/deliverySettings';
import { oneByOne, type Operation } from '../../shared/operation';
import type { PhpFormValue } from '../../../credentials/common/phpForm';
import { type KartraSession, kartraRequest } from '../transport';
import { leadEmailField, leadIdField } from './common.descriptions';
import { buildAction, locatorValue, operationFieldProperties } from './leadActions';
import { type LeadActionSpec, paramName } from './leadActions.table';
import { leadKey, readLeadIdentity, readOutcomes } from './leadInput';

interface PreparedAction {
	lead: { [key: string]: string };
	action: { [key: string]: PhpFormValue };
}

/**
 * The operation of one lead action of the table (Tag → Assign, Point → Give, …): `lead[email|id]` plus
 * `actions[0]`, one call per item; calls on one lead go in input order.
 */
export function leadActionOperation(
	spec: LeadActionSpec,
): Operation<KartraSession, PreparedAction> {
	const show = { resource: [spec.resource], operation: [spec.operation] };
	/** The lead, the action, and the action's values (from version 1.2 without Kartra's `cmd`, the same as `action`) */
	function actionOutput(this: IExecuteFunctions, { lead, action }: PreparedAction): IDataObject {
		const values: IDataObject = { ...action };
		if (isVersion(this, 1.2)) delete values.cmd;
		return { ...lead, action: spec.cmd, ...values };
	}
	const description: INodeProperties[] = [
		leadEmailField(show, false),
		leadIdField(show),
		...spec.fields.flatMap((field) => operationFieldProperties(field, paramName(field), show)),
	];
	return {
		description,
		prepare(_session, itemIndex) {
			const lead = readLeadIdentity.call(this, itemIndex);
			const values: IDataObject = Object.fromEntries(
				spec.fields.map((f) => [
					paramName(f),
					locatorValue(this.getNodeParameter(paramName(f), itemIndex, '')),
				]),
			);
			return { lead, action: buildAction(nodeOf(this), itemIndex, spec, values, '') };
		},
		summarize(prepared) {
			return actionOutput.call(this, prepared);
		},
		deliveryKey: ({ lead, action }) =>
			deliveryKeyOf(
				'kartra',
				spec.cmd,
				lead.id ?? String(lead.email).toLowerCase(),
				stableText(action),
			),
		execute: oneByOne(async function (session, { lead, action }, itemIndex) {
			return await session.leadQueue.run(leadKey(lead), async () => {
				const answer = await kartraRequest.call(
					this,
					session,
					{ lead, actions: [action] },
					{ idempotent: false, itemIndex },
				);
				const [outcome] = readOutcomes(answer);
				return [
					{
						...actionOutput.call(this, { lead, action }),
						status: outcome?.status ?? 'Success',
						message: outcome?.message ?? null,
						type: outcome?.type ?? null,
					},
				];
			});
		}),
	};
}
