import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type Operation, runOperation } from '../../shared/operation';
import { selectOperation } from '../../shared/operations';
import { type KartraSession, openKartraSession } from '../transport';
import { DEFAULT_CONCURRENCY } from './common.descriptions';
import { createCustomField } from './customField/create.operation';
import { getCustomFields } from './customField/getMany.operation';
import { createLead } from './lead/create.operation';
import { getLead } from './lead/get.operation';
import { searchLead } from './lead/search.operation';
import { updateLead } from './lead/update.operation';
import { upsertLead } from './lead/upsert.operation';
import { leadActionOperation } from './leadAction.operation';
import { LEAD_ACTIONS } from './leadActions.table';
import { getLists } from './list/getMany.operation';
import { getPages } from './page/getMany.operation';
import { getSequences } from './sequence/getMany.operation';
import { changeSubscriptionStatus } from './subscription/changeStatus.operation';
import { getSubscription } from './subscription/get.operation';
import { getLeadSubscriptions } from './subscription/getMany.operation';
import { searchSubscription } from './subscription/search.operation';
import { updateSubscription } from './subscription/update.operation';
import { getTags } from './tag/getMany.operation';
import { getTransaction } from './transaction/get.operation';
import { getLeadTransactions } from './transaction/getMany.operation';
import { refundTransaction } from './transaction/refund.operation';
import { searchTransaction } from './transaction/search.operation';

export const operations: Record<string, Record<string, Operation<KartraSession>>> = {
	lead: {
		create: createLead,
		update: updateLead,
		upsert: upsertLead,
		get: getLead,
		search: searchLead,
	},
	transaction: {
		search: searchTransaction,
		get: getTransaction,
		getMany: getLeadTransactions,
		refund: refundTransaction,
	},
	subscription: {
		search: searchSubscription,
		get: getSubscription,
		getMany: getLeadSubscriptions,
		changeStatus: changeSubscriptionStatus,
		update: updateSubscription,
	},
	tag: { getMany: getTags },
	list: { getMany: getLists },
	sequence: { getMany: getSequences },
	customField: { getMany: getCustomFields, create: createCustomField },
	page: { getMany: getPages },
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
