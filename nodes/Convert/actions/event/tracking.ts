import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runBatched } from '../../../shared/batching';
import type { VisitorSegments } from '../../segments';
import { type ConvertSession, sendTrackingBatch } from '../../transport';
import type { ConvertOptions } from '../common';

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

interface BatchOutcome {
	/** False when the batch had no event to send */
	sent: boolean;
	httpStatus?: number;
	attempts?: number;
}

/**
 * Sends the items' visitors in batches (one POST per batch) and gives every item its own output, saying
 * whether its batch was accepted. `idempotent` says whether a batch may be sent again after an answer that
 * leaves unknown whether Convert recorded it (500/502/504, timeout, reset).
 */
export async function trackInBatches<Prepared>(
	context: IExecuteFunctions,
	session: ConvertSession,
	options: ConvertOptions,
	run: {
		prepare: (itemIndex: number) => Prepared | Promise<Prepared>;
		entryOf: (prepared: Prepared) => VisitorEntry;
		idempotent: boolean;
		toOutput: (prepared: Prepared) => IDataObject;
	},
): Promise<INodeExecutionData[]> {
	return await runBatched<Prepared, BatchOutcome>(context, {
		batchSize: options.batchSize,
		concurrency: options.batchConcurrency,
		prepare: run.prepare,
		send: async (batch, info) => {
			const visitors = batch.map(({ prepared }) => run.entryOf(prepared)).filter((entry) => entry.events.length > 0);
			if (visitors.length === 0) return { sent: false };
			const payload = {
				accountId: session.accountId,
				projectId: session.projectId,
				...(options.enrichData ? { enrichData: true } : {}),
				visitors: visitors.map(visitorPayload),
			};
			const answer = await sendTrackingBatch.call(context, session, payload, { idempotent: run.idempotent, batchNumber: info.number });
			return { sent: true, httpStatus: answer.status, attempts: answer.attempts };
		},
		toOutput: (prepared, outcome, info) => ({
			...run.toOutput(prepared),
			batch: outcome.sent
				? { ...info, accepted: true, httpStatus: outcome.httpStatus, attempts: outcome.attempts }
				: { ...info, accepted: false, sent: false },
		}),
		describeFailed: (prepared) => run.toOutput(prepared),
	});
}
