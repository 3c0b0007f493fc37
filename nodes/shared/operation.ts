import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
	sleep,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { WorkPool, mapWithConcurrency } from './concurrency';
import { deliveryLedgerFor, mayHaveActed, skippedJson } from './delivery';
import { isBlank } from './input';

/** One input item, prepared: what its operation read and checked, and where it stands in the input. */
export interface PreparedItem<Prepared> {
	prepared: Prepared;
	itemIndex: number;
}

/** The items one `execute` call handles: one item, or one batch of a batched operation. */
export interface Group {
	/** 1-based, in input order */
	number: number;
	size: number;
}

/**
 * The contract every operation of every service follows: one file exports one of these.
 *
 * `prepare` reads and checks one item's parameters and sends nothing that changes anything (it may read an
 * account's lists, once per execution); a bad item throws a NodeOperationError that names the item and the field.
 * The node's router runs the operation with `runOperation`, which prepares every item before the first `execute`
 * (with "Skip Already Delivered", window by window while earlier windows are sent).
 *
 * `execute` does what a group of prepared items asks, through its service's transport, and returns each item's
 * output (one or more JSON objects), in the group's order. A group is one item, or a batch when `batched` is set.
 */
export interface Operation<Session, Prepared = unknown> {
	description: INodeProperties[];
	/** True when many items go out in one request (a batch); the router then sets the batch size */
	batched?: boolean;
	prepare(
		this: IExecuteFunctions,
		session: Session,
		itemIndex: number,
	): Prepared | Promise<Prepared>;
	execute(
		this: IExecuteFunctions,
		session: Session,
		group: Array<PreparedItem<Prepared>>,
		info: Group,
	): Promise<IDataObject[][]>;
	/**
	 * What an item's output says about it before anything is sent (the fields it sends, the IDs it names). An item
	 * skipped as already delivered carries it, so that the next node's expressions find what they read on the first
	 * run; a failed item carries it beside its error.
	 */
	summarize?(this: IExecuteFunctions, prepared: Prepared): IDataObject;
	/** What each item of a failed group says about itself beside the error (after its summary) */
	describeFailure?(prepared: Prepared, info: Group): IDataObject;
	/**
	 * For operations that write: what makes two items the same delivery ("Skip Already Delivered" remembers it),
	 * unless the user gives a Delivery Key of their own.
	 */
	deliveryKey?(prepared: Prepared): string;
}

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
export function failedItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	json: IDataObject = errorItemJson(error),
): INodeExecutionData {
	// "Continue": the input's fields stay beside the error, so the lead the item was about is still in it
	if (nodeOf(context).onError !== 'continueErrorOutput')
		return { json: { ...inputJson(context, itemIndex), ...json }, pairedItem: { item: itemIndex } };
	const { error: message, ...details } = json;
	return {
		json: { error: message, ...(Object.keys(details).length ? { details } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** The JSON of an input item (a copy: the output never shares objects with the input) */
function inputJson(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return { ...(context.getInputData()[itemIndex]?.json ?? {}) };
}

function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}

/** With a delivery history, items prepared between two looks at the answers of those already sent */
const PREPARE_BETWEEN_YIELDS = 4;

/**
 * Runs an operation over the node's input items, as every router does. First every item is prepared, sending
 * nothing: with "On Error → Stop" one bad item stops the run before any request goes out, so a list is never
 * half-sent because of bad input. (With "Skip Already Delivered" items are prepared a window at a time while the
 * windows before are sent: a run stopped by a bad item sends only what it has not delivered when run again.) Then
 * the prepared items go out in groups (one item, or `groupSize` for batched
 * operations), `concurrency` groups at a time. Output keeps the input order, every output item carries
 * `pairedItem`; with "On Error" set to continue a failed item (or each item of a failed batch) becomes an error
 * item, on the error output when the node has one, while the others go on; otherwise the first failure stops the
 * run (no new group starts).
 */
export async function runOperation<Session, Prepared>(
	context: IExecuteFunctions,
	session: Session,
	operation: Operation<Session, Prepared>,
	grouping: { groupSize: number; concurrency: number },
): Promise<INodeExecutionData[]> {
	const node = nodeOf(context);
	// "Skip Already Delivered", when the node has it on and the operation writes
	const ledger = deliveryLedgerFor(context, operation);
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const outputs = new Array<INodeExecutionData[]>(items.length);
	/** One item prepared; a bad one stops the run, or becomes its error item when "On Error" continues */
	const prepareItem = async (itemIndex: number): Promise<PreparedItem<Prepared> | undefined> => {
		try {
			return { prepared: await operation.prepare.call(context, session, itemIndex), itemIndex };
		} catch (error) {
			// an API failure met while preparing (a list read once per execution) stays the API's error
			if (!continueOnFail)
				throw error instanceof NodeApiError
					? error
					: new NodeOperationError(node, error as Error, { itemIndex });
			outputs[itemIndex] = [failedItem(context, error, itemIndex)];
			return undefined;
		}
	};
	const groupSize = operation.batched ? Math.max(1, Math.floor(grouping.groupSize)) : 1;

	/** Sends one group; tells the history what was sent and confirmed, when there is one. */
	const runGroup = async (
		group: Array<PreparedItem<Prepared>>,
		info: Group,
		history?: { keys: Map<number, string>; started: Set<number> },
	): Promise<void> => {
		const keys = group.map(({ itemIndex }) => history?.keys.get(itemIndex) ?? '');
		for (const { itemIndex } of group) history?.started.add(itemIndex);
		let results: IDataObject[][];
		try {
			results = await operation.execute.call(context, session, group, info);
		} catch (error) {
			// refused, or never sent: a later run may send it; otherwise it stays "possibly delivered"
			if (history && !mayHaveActed(error)) ledger?.release(keys);
			if (!continueOnFail) throw stopError(context, error, group, info, operation.batched === true);
			for (const { prepared, itemIndex } of group) {
				outputs[itemIndex] = [
					failedItem(context, error, itemIndex, {
						...operation.summarize?.call(context, prepared),
						...operation.describeFailure?.(prepared, info),
						...errorItemJson(error),
					}),
				];
			}
			return;
		}
		if (history) ledger?.confirm(keys);
		group.forEach(({ itemIndex }, i) => {
			outputs[itemIndex] = (results[i] ?? []).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
		});
	};

	if (!ledger || !operation.deliveryKey) {
		const valid: Array<PreparedItem<Prepared>> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const entry = await prepareItem(itemIndex);
			if (entry) valid.push(entry);
		}
		await mapWithConcurrency(
			chunk(valid, groupSize),
			grouping.concurrency,
			async (group, index) => await runGroup(group, { number: index + 1, size: group.length }),
		);
		return outputs.flat();
	}

	// With a delivery history: a window of items is prepared and claimed in one turn of the store, then its groups
	// join the others on the wire; the next window is prepared and claimed while this one is still out, so sending
	// waits neither for the store nor for the preparation of later items (n8n's evaluation of their expressions).
	// A bad item with "On Error → Stop" then stops the run after earlier windows went out; run again, they are
	// skipped as delivered.
	await ledger.start();
	const firstOfKey = new Map<string, number>();
	const keys = new Map<number, string>();
	const started = new Set<number>();
	const claimed: Array<PreparedItem<Prepared>> = [];
	const pool = new WorkPool(grouping.concurrency);
	/** A skipped item: what the node's output would say of the lead without sending, beside why it was skipped */
	const skipped = (entry: PreparedItem<Prepared>, marks: IDataObject): INodeExecutionData[] => [
		{
			json: {
				...inputJson(context, entry.itemIndex),
				...operation.summarize?.call(context, entry.prepared),
				...marks,
			},
			pairedItem: { item: entry.itemIndex },
		},
	];
	let nextNumber = 1;
	let stopped: { error: unknown } | undefined;
	try {
		const windowLength = Math.max(ledger.windowSize, groupSize);
		for (let first = 0; first < items.length && !pool.failed; first += windowLength) {
			const window: Array<PreparedItem<Prepared>> = [];
			for (
				let itemIndex = first;
				itemIndex < Math.min(items.length, first + windowLength);
				itemIndex++
			) {
				const entry = await prepareItem(itemIndex);
				if (entry) window.push(entry);
				// answers that came back meanwhile are read, and their slots refilled, between items
				if (
					(itemIndex - first) % PREPARE_BETWEEN_YIELDS === PREPARE_BETWEEN_YIELDS - 1 &&
					pool.busy
				)
					await sleep(0);
			}
			await pool.room(grouping.concurrency);
			if (pool.failed) break;
			const fresh: Array<PreparedItem<Prepared>> = [];
			for (const entry of window) {
				const custom = context.getNodeParameter(
					'deliveryHistory.key',
					entry.itemIndex,
					'',
				) as unknown;
				const key = isBlank(custom) ? operation.deliveryKey(entry.prepared) : String(custom);
				const first = firstOfKey.get(key);
				if (first !== undefined) {
					outputs[entry.itemIndex] = skipped(entry, skippedJson('repeat', key, first));
					continue;
				}
				firstOfKey.set(key, entry.itemIndex);
				keys.set(entry.itemIndex, key);
				fresh.push(entry);
			}
			// one turn of the store: the outcomes gathered so far, this window's intents
			const verdicts = await ledger.claim(
				fresh.map(({ itemIndex }) => keys.get(itemIndex) as string),
			);
			const toSend = fresh.filter((entry, i) => {
				if (verdicts[i] === 'send') return true;
				outputs[entry.itemIndex] = skipped(
					entry,
					skippedJson(verdicts[i], keys.get(entry.itemIndex) as string),
				);
				return false;
			});
			claimed.push(...toSend);
			for (const group of chunk(toSend, groupSize)) {
				const info: Group = { number: nextNumber++, size: group.length };
				pool.add(async () => await runGroup(group, info, { keys, started }));
			}
		}
	} catch (error) {
		stopped = { error };
	}
	// the first failure on the wire says more than a store call that failed after it
	stopped = (await pool.settle()) ?? stopped;
	// the run stopped before these went out: their claims are taken back
	ledger.release(
		claimed
			.filter(({ itemIndex }) => !started.has(itemIndex))
			.map(({ itemIndex }) => keys.get(itemIndex) as string),
	);
	try {
		await ledger.flush();
	} catch (error) {
		stopped ??= { error };
	}
	if (stopped) throw stopped.error;
	return outputs.flat();
}

/** The error that stops the run, naming the items of a failed batch. */
function stopError(
	context: IExecuteFunctions,
	error: unknown,
	group: Array<PreparedItem<unknown>>,
	info: Group,
	batched: boolean,
): Error {
	const node = nodeOf(context);
	// numbered from 0, as n8n numbers items
	const first = group[0].itemIndex;
	const last = group[group.length - 1].itemIndex;
	const held = batched
		? `Batch ${info.number} held item${first === last ? ` ${first}` : `s ${first}–${last}`}.`
		: undefined;
	if (error instanceof NodeApiError) {
		if (held) error.description = [error.description, held].filter(Boolean).join(' ');
		// the constructor hands an error of its own kind back unchanged
		return new NodeApiError(node, error as unknown as JsonObject);
	}
	return new NodeOperationError(
		node,
		error as Error,
		held ? { description: held } : { itemIndex: group[0].itemIndex },
	);
}

/** `execute` for an operation that sends one item at a time: a function of that item's prepared values. */
export function oneByOne<Session, Prepared>(
	run: (
		this: IExecuteFunctions,
		session: Session,
		prepared: Prepared,
		itemIndex: number,
	) => Promise<IDataObject[]>,
): Operation<Session, Prepared>['execute'] {
	return async function (this: IExecuteFunctions, session, group) {
		return await Promise.all(
			group.map(
				async ({ prepared, itemIndex }) => await run.call(this, session, prepared, itemIndex),
			),
		);
	};
}
