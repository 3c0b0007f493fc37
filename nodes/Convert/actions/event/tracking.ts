import type { IDataObject } from 'n8n-workflow';

import type { Group, Operation, PreparedItem } from '../../../shared/operation';
import { type ConvertSession, sendTrackingBatch } from '../../transport';
import type { VisitorSegments } from '../visitorInput';

export interface TrackingEvent {
	eventType: 'conversion' | 'bucketing';
	data: IDataObject;
}

export interface VisitorEntry {
	visitorId: string;
	segments: VisitorSegments;
	events: TrackingEvent[];
}

/** One visitor as Convert's tracking API takes it (no empty segments object). */
export function visitorPayload(entry: VisitorEntry): IDataObject {
	const visitor: IDataObject = { visitorId: entry.visitorId };
	if (Object.keys(entry.segments).length) visitor.segments = entry.segments as IDataObject;
	visitor.events = entry.events as unknown as IDataObject[];
	return visitor;
}

/** What a tracking operation's prepared item holds: the visitor to send, and what the item's output says of it. */
export interface PreparedTracking {
	entry: VisitorEntry;
	summary: IDataObject;
}

/**
 * The batched half of a tracking operation: each batch of items goes out as one POST of their visitors, and every
 * item gets its own output, saying whether its batch was accepted (`batch: {number, size, accepted, …}`).
 * `idempotent` says whether a batch may be sent again after an answer that leaves unknown whether Convert recorded
 * it (500/502/504, timeout, reset).
 */
export function trackInBatches<Prepared extends PreparedTracking>(
	idempotent: (session: ConvertSession) => boolean,
): Pick<
	Operation<ConvertSession, Prepared>,
	'batched' | 'execute' | 'summarize' | 'describeFailure'
> {
	return {
		batched: true,
		async execute(session, group: Array<PreparedItem<Prepared>>, info: Group) {
			const visitors = group
				.map(({ prepared }) => prepared.entry)
				.filter((entry) => entry.events.length > 0);
			if (visitors.length === 0)
				return group.map(({ prepared }) => [
					{ ...prepared.summary, batch: { ...info, accepted: false, sent: false } },
				]);
			const payload = {
				accountId: session.accountId,
				projectId: session.projectId,
				...(session.options.enrichData ? { enrichData: true } : {}),
				visitors: visitors.map(visitorPayload),
			};
			const answer = await sendTrackingBatch.call(this, session, payload, {
				idempotent: idempotent(session),
				batchNumber: info.number,
			});
			const batch = {
				...info,
				accepted: true,
				httpStatus: answer.status,
				attempts: answer.attempts,
			};
			return group.map(({ prepared }) => [{ ...prepared.summary, batch }]);
		},
		summarize: (prepared) => prepared.summary,
		describeFailure: (_prepared, info) => ({ batch: { ...info, accepted: false } }),
	};
}
