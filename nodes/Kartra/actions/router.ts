import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { selectOperation } from '../../shared/operations';
import { runItems } from '../../shared/runItems';
import { openKartraSession } from '../transport';
import { cancelCalendar } from './calendar/cancel.operation';
import { subscribeToCalendar } from './calendar/subscribe.operation';
import { DEFAULT_CONCURRENCY, type KartraOperation } from './common';
import { createLead } from './lead/create.operation';
import { getLead } from './lead/get.operation';
import { searchLead } from './lead/search.operation';
import { updateLead } from './lead/update.operation';
import { upsertLead } from './lead/upsert.operation';
import { subscribeToList } from './list/subscribe.operation';
import { unsubscribeFromList } from './list/unsubscribe.operation';
import { givePoints } from './points/give.operation';
import { removePoints } from './points/remove.operation';
import { subscribeToSequence } from './sequence/subscribe.operation';
import { unsubscribeFromSequence } from './sequence/unsubscribe.operation';
import { assignTag } from './tag/assign.operation';
import { removeTag } from './tag/remove.operation';

export const operations: Record<string, Record<string, KartraOperation>> = {
	lead: { create: createLead, update: updateLead, upsert: upsertLead, get: getLead, search: searchLead },
	tag: { assign: assignTag, remove: removeTag },
	list: { subscribe: subscribeToList, unsubscribe: unsubscribeFromList },
	points: { give: givePoints, remove: removePoints },
	sequence: { subscribe: subscribeToSequence, unsubscribe: unsubscribeFromSequence },
	calendar: { subscribe: subscribeToCalendar, cancel: cancelCalendar },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const selected = selectOperation(this, operations);
	const options = this.getNodeParameter('options', 0, {}) as { concurrency?: number; timeout?: number };
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
	const session = await openKartraSession.call(this, Math.max(1, options.timeout ?? 30) * 1000);
	const output = await runItems(
		this,
		concurrency,
		async (itemIndex) => await selected.prepare.call(this, session, itemIndex),
		async (call) => await call(),
	);
	return [output];
}
