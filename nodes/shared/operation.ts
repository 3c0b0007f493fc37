import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { chunk, mapWithConcurrency } from './concurrency';
import { type DeliveryLedger, deliveryLedgerFor, mayHaveActed } from './delivery';
import { runWithHistory } from './deliveryRun';

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

/**
 * Runs an operation over the node's input items, as every router does. First every item is prepared, sending
 * nothing: with "On Error → Stop" one bad item stops the run before any request goes out, so a list is never
 * half-sent because of bad input. (With "Skip Already Delivered" items are prepared a window at a time while the
 * windows before are sent, see deliveryRun.ts: a run stopped by a bad item sends only what it has not delivered
 * when run again.) Then the prepared items go out in groups (one item, or `groupSize` for batched operations),
 * `concurrency` groups at a time. Output keeps the input order, every output item carries `pairedItem`; with
 * "On Error" set to continue a failed item (or each item of a failed batch) becomes an error item, on the error
 * output when the node has one, while the others go on; otherwise the first failure stops the run (no new group
 * starts).
 */
export async function runOperation<Session, Prepared>(
	context: IExecuteFunctions,
	session: Session,
	operation: Operation<Session, Prepared>,
	grouping: { groupSize: number; concurrency: number },
): Promise<INodeExecutionData[]> {
	const run = new OperationRun(context, session, operation, grouping);
	// "Skip Already Delivered", when the node has it on and the operation writes
	const ledger = deliveryLedgerFor(context, operation);
	if (ledger && operation.deliveryKey)
		return await runWithHistory(run, ledger, operation.deliveryKey.bind(operation));
	const valid: Array<PreparedItem<Prepared>> = [];
	for (let itemIndex = 0; itemIndex < run.itemCount; itemIndex++) {
		const entry = await run.prepare(itemIndex);
		if (entry) valid.push(entry);
	}
	await mapWithConcurrency(
		chunk(valid, run.groupSize),
		grouping.concurrency,
		async (group, index) => await run.send(group, { number: index + 1, size: group.length }),
	);
	return run.output();
}

/** What the delivery history is told of a group as it goes out: its items' keys, and which items went out */
export interface SentToHistory {
	ledger: DeliveryLedger;
	keys: Map<number, string>;
	started: Set<number>;
}

/**
 * One run of an operation over the input: prepares an item, sends a group, and holds each item's output in its
 * input's place until the run ends.
 */
export class OperationRun<Session, Prepared> {
	readonly itemCount: number;

	/** One item per group, or the batch size of a batched operation */
	readonly groupSize: number;

	private readonly outputs: INodeExecutionData[][];

	private readonly continueOnFail: boolean;

	constructor(
		readonly context: IExecuteFunctions,
		private readonly session: Session,
		readonly operation: Operation<Session, Prepared>,
		readonly grouping: { groupSize: number; concurrency: number },
	) {
		this.itemCount = context.getInputData().length;
		this.outputs = new Array<INodeExecutionData[]>(this.itemCount);
		this.continueOnFail = context.continueOnFail();
		this.groupSize = operation.batched ? Math.max(1, Math.floor(grouping.groupSize)) : 1;
	}

	/** One item prepared; a bad one stops the run, or becomes its error item when "On Error" continues */
	async prepare(itemIndex: number): Promise<PreparedItem<Prepared> | undefined> {
		const { context, operation } = this;
		try {
			return {
				prepared: await operation.prepare.call(context, this.session, itemIndex),
				itemIndex,
			};
		} catch (error) {
			// an API failure met while preparing (a list read once per execution) stays the API's error
			if (!this.continueOnFail)
				throw error instanceof NodeApiError
					? error
					: new NodeOperationError(nodeOf(context), error as Error, { itemIndex });
			this.outputs[itemIndex] = [failedItem(context, error, itemIndex)];
			return undefined;
		}
	}

	/** Sends one group; tells the history what was sent and confirmed, when there is one. */
	async send(
		group: Array<PreparedItem<Prepared>>,
		info: Group,
		history?: SentToHistory,
	): Promise<void> {
		const { context, operation } = this;
		const keys = group.map(({ itemIndex }) => history?.keys.get(itemIndex) ?? '');
		for (const { itemIndex } of group) history?.started.add(itemIndex);
		let results: IDataObject[][];
		try {
			results = await operation.execute.call(context, this.session, group, info);
		} catch (error) {
			// refused, or never sent: a later run may send it; otherwise it stays "possibly delivered"
			if (history && !mayHaveActed(error)) history.ledger.release(keys);
			if (!this.continueOnFail)
				throw stopError(context, error, group, info, operation.batched === true);
			for (const { prepared, itemIndex } of group) {
				this.outputs[itemIndex] = [
					failedItem(context, error, itemIndex, {
						...operation.summarize?.call(context, prepared),
						...operation.describeFailure?.(prepared, info),
						...errorItemJson(error),
					}),
				];
			}
			return;
		}
		history?.ledger.confirm(keys);
		group.forEach(({ itemIndex }, i) => {
			this.outputs[itemIndex] = (results[i] ?? []).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
		});
	}

	/** A skipped item: what the node's output would say of the lead without sending, beside why it was skipped */
	skip(entry: PreparedItem<Prepared>, marks: IDataObject): void {
		this.outputs[entry.itemIndex] = [
			{
				json: {
					...inputJson(this.context, entry.itemIndex),
					...this.operation.summarize?.call(this.context, entry.prepared),
					...marks,
				},
				pairedItem: { item: entry.itemIndex },
			},
		];
	}

	/** Every item's output, in input order */
	output(): INodeExecutionData[] {
		return this.outputs.flat();
	}
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
