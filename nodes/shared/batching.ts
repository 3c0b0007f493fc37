import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { errorItemJson, failedItem } from './runItems';

export interface BatchInfo {
	/** 1-based batch number in this execution */
	number: number;
	/** Items in the batch */
	size: number;
}

export interface BatchedRun<Prepared, Result> {
	batchSize: number;
	/** Batches in flight at once */
	concurrency: number;
	/** Reads and checks one item, sending nothing (throws a NodeOperationError naming item and field) */
	prepare: (itemIndex: number) => Prepared | Promise<Prepared>;
	/** Sends one batch: one request for all of its items */
	send: (batch: Array<{ prepared: Prepared; itemIndex: number }>, info: BatchInfo) => Promise<Result>;
	/** The output JSON of one item of a batch that was accepted */
	toOutput: (prepared: Prepared, result: Result, info: BatchInfo) => IDataObject;
	/** What a failed batch's items say about themselves beside the error (with Continue On Fail) */
	describeFailed?: (prepared: Prepared, info: BatchInfo) => IDataObject;
}

function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}

/**
 * Runs a node's items as batches: every item is prepared first (nothing is sent while any item is invalid,
 * unless Continue On Fail turns it into an error item), the valid ones are grouped in input order, and each
 * group goes out as one request, `concurrency` at a time. Every input item still gets its own output item, in
 * input order, with `pairedItem`, saying whether its batch was accepted.
 */
export async function runBatched<Prepared, Result>(
	context: IExecuteFunctions,
	run: BatchedRun<Prepared, Result>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const outputs = new Array<INodeExecutionData>(items.length);
	const valid: Array<{ prepared: Prepared; itemIndex: number }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			valid.push({ prepared: await run.prepare(itemIndex), itemIndex });
		} catch (error) {
			if (!continueOnFail) throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			outputs[itemIndex] = failedItem(context, error, itemIndex);
		}
	}
	const batches = chunk(valid, Math.max(1, Math.floor(run.batchSize)));
	await mapWithConcurrency(batches, run.concurrency, async (batch, index) => {
		const info: BatchInfo = { number: index + 1, size: batch.length };
		let result: Result;
		try {
			result = await run.send(batch, info);
		} catch (error) {
			const first = batch[0].itemIndex + 1;
			const last = batch[batch.length - 1].itemIndex + 1;
			const held = `Batch ${info.number} held item${first === last ? ` ${first}` : `s ${first}–${last}`}.`;
			if (!continueOnFail) {
				if (error instanceof NodeApiError) {
					error.description = [error.description, held].filter(Boolean).join(' ');
					throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
				}
				throw new NodeOperationError(context.getNode(), error as Error, { description: held });
			}
			for (const { prepared, itemIndex } of batch) {
				outputs[itemIndex] = failedItem(context, error, itemIndex, {
					...(run.describeFailed?.(prepared, info) ?? {}),
					...errorItemJson(error),
					batch: { ...info, accepted: false },
				});
			}
			return;
		}
		for (const { prepared, itemIndex } of batch) {
			outputs[itemIndex] = { json: run.toOutput(prepared, result, info), pairedItem: { item: itemIndex } };
		}
	});
	return outputs;
}
