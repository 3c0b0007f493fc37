import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';

/** The JSON of an error item: what failed, in words, with the HTTP status when there was one. */
export function errorItemJson(error: unknown): IDataObject {
	const e = error as { message?: unknown; description?: unknown; httpCode?: unknown };
	const json: IDataObject = { error: typeof e?.message === 'string' ? e.message : String(error) };
	if (typeof e?.description === 'string' && e.description !== '') json.description = e.description;
	if (typeof e?.httpCode === 'string' && e.httpCode !== '') json.httpCode = e.httpCode;
	return json;
}

/**
 * The output item of an input item that failed, with "On Error" set to continue: its error in words, paired with
 * its input. "Continue" keeps the error item in the failed item's place on the main output. "Continue (using error
 * output)": n8n moves an item to the error output when its JSON holds nothing but `error`, `message` and `details`
 * (and then merges the input item's fields into it, as for its own nodes), so the rest goes under `details`.
 */
export function failedItem(context: IExecuteFunctions, error: unknown, itemIndex: number, json: IDataObject = errorItemJson(error)): INodeExecutionData {
	if (context.getNode().onError !== 'continueErrorOutput') return { json, pairedItem: { item: itemIndex } };
	const { error: message, ...details } = json;
	return { json: { error: message, ...(Object.keys(details).length ? { details } : {}) }, pairedItem: { item: itemIndex } };
}

/**
 * Runs a node's items in two phases. First `prepare` reads and checks every item's parameters, sending
 * nothing: without "Continue On Fail" one bad item stops the run before any request goes out, so a batch is
 * never half-sent because of bad input. Then `execute` runs the prepared items, `concurrency` at a time.
 * Output keeps the input order, every output item carries `pairedItem`, and with "Continue On Fail" a failed
 * item becomes an error item (on the error output when the node has one) while the others go on; without it the
 * first failure stops the run (no new item starts).
 */
export async function runItems<Prepared>(
	context: IExecuteFunctions,
	concurrency: number,
	prepare: (itemIndex: number) => Prepared | Promise<Prepared>,
	execute: (prepared: Prepared, itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const fail = (error: unknown, itemIndex: number): INodeExecutionData[] => {
		if (!continueOnFail) {
			// Both constructors hand back an error of their own kind unchanged.
			if (error instanceof NodeApiError) throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
		return [failedItem(context, error, itemIndex)];
	};
	type Entry = { ok: true; value: Prepared } | { ok: false; failed: INodeExecutionData[] };
	const prepared: Entry[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push({ ok: true, value: await prepare(itemIndex) });
		} catch (error) {
			prepared.push({ ok: false, failed: fail(error, itemIndex) });
		}
	}
	const results = await mapWithConcurrency(prepared, concurrency, async (entry, itemIndex) => {
		if (!entry.ok) return entry.failed;
		try {
			const output = await execute(entry.value, itemIndex);
			return output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		} catch (error) {
			return fail(error, itemIndex);
		}
	});
	return results.flat();
}
