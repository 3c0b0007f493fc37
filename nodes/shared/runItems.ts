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
 * Runs `perItem` for every input item, `concurrency` at a time. Output keeps the input order, every
 * output item carries `pairedItem`, and with "Continue On Fail" a failed item becomes an error item while
 * the others go on; without it the first failure stops the run (no new item starts).
 */
export async function runItems(
	this: IExecuteFunctions,
	concurrency: number,
	perItem: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const results = await mapWithConcurrency(items, concurrency, async (_item, itemIndex) => {
		try {
			const output = await perItem(itemIndex);
			return output.map((entry) => ({ ...entry, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (!continueOnFail) {
				// Both constructors hand back an error of their own kind unchanged.
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			return [{ json: errorItemJson(error), pairedItem: { item: itemIndex } }];
		}
	});
	return results.flat();
}
