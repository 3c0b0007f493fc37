import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type Operation, runOperation } from '../../shared/operation';
import { selectOperation } from '../../shared/operations';
import { type KartraSession, openKartraSession } from '../transport';
import { DEFAULT_CONCURRENCY } from './common.descriptions';
import { createLead } from './lead/create.operation';
import { getLead } from './lead/get.operation';
import { searchLead } from './lead/search.operation';
import { updateLead } from './lead/update.operation';
import { upsertLead } from './lead/upsert.operation';
import { leadActionOperation } from './leadAction.operation';
import { LEAD_ACTIONS } from './leadActions.table';

export const operations: Record<string, Record<string, Operation<KartraSession>>> = {
	lead: {
		create: createLead,
		update: updateLead,
		upsert: upsertLead,
		get: getLead,
		search: searchLead,
	},
};
// every lead action of the table is an operation of its resource (Tag → Assign, Point → Give, …)
for (const spec of Object.values(LEAD_ACTIONS)) {
	operations[spec.resource] = {
		...operations[spec.resource],
		[spec.operation]: leadActionOperation(spec),
	};
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = selectOperation(this, operations);
	const options = this.getNodeParameter('options', 0, {}) as {
		concurrency?: number;
		timeout?: number;
	};
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
	const session = await openKartraSession.call(this, Math.max(1, options.timeout ?? 30) * 1000);
	return [await runOperation(this, session, operation, { groupSize: 1, concurrency })];
}
