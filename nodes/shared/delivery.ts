import { createHash } from 'node:crypto';

import {
	type ICheckProcessedOptions,
	type IDataObject,
	type IExecuteFunctions,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { KeyedQueue } from './keyedQueue';
import {
	type DeliverySettings,
	readDeliverySettings,
	workflowHistoryUsers,
} from './deliverySettings';
import { StoreLock } from './storeLock';

/**
 * "Skip Already Delivered": what a node remembers of the writes it made (a lead, a tag, a conversion), in n8n's own
 * de-duplication store (the one n8n's Remove Duplicates node uses: n8n's database, so it survives restarts and is
 * shared by queue-mode workers). Per delivery key, two entries: `sent:` (the intent, recorded before the request goes
 * out) and `done:` (recorded once the API confirmed the write). A key with `sent:` and no `done:` was sent and never
 * confirmed (an answer that leaves its fate unknown, or n8n stopped in between): a later run reports it as possibly
 * delivered instead of sending it again, unless asked to resend such items. Keys are stored hashed: no email or other
 * lead data goes into the store.
 */

/** What the history says of one key: send it, it was delivered, or it was sent without a confirmation. */
export type Verdict = 'send' | 'delivered' | 'unconfirmed';

/**
 * n8n's store reads a history whole and writes it back, with no lock: two calls on one history at the same time
 * lose each other's entries. Within this n8n process the store turns of one workflow's nodes go one at a time;
 * between processes (queue-mode workers), each turn holds a {@link StoreLock} where one can be had (see
 * {@link DeliveryLedger}).
 */
const storeLanes = new KeyedQueue();

export function deliveryHash(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, 24);
}

export class DeliveryLedger {
	private confirmed: string[] = [];

	private released: string[] = [];

	private calls = 0;

	/**
	 * The lock between n8n processes, in the node's other history: the workflow's when the deliveries are kept in the
	 * node's own (only when no other node keeps entries in the workflow's: the lock deletes its history when it is
	 * freed), the node's own when they are kept workflow-wide (nobody else writes there). Undefined when none can be
	 * had: then the turns are kept apart within this n8n process only, and n8n's log says so.
	 */
	private lock: StoreLock | undefined;

	/** What the log says once, at the first turn, when executions on other processes are not kept apart */
	private notice: string | undefined;

	private noticed = false;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly settings: DeliverySettings,
	) {
		const node = nodeOf(context);
		const users = workflowHistoryUsers(context);
		const named = users.map((name) => `"${name}"`).join(', ');
		const options = {
			warn: (message: string) => context.logger.warn(message, { node: node.name }),
		};
		if (settings.scope === 'node' && users.length > 0) {
			this.lock = undefined;
			this.notice = `Skip Already Delivered: ${named} ${users.length === 1 ? 'keeps' : 'keep'} entries in the workflow's history in n8n's de-duplication store, where this node would keep its lock, so executions on other n8n processes (queue-mode workers) are not kept apart from this one`;
		} else {
			this.lock = new StoreLock(
				node,
				context.helpers,
				settings.scope === 'node' ? 'workflow' : 'node',
				options,
			);
			if (settings.scope === 'workflow' && users.length > 0)
				this.notice = `Skip Already Delivered: ${named} also ${users.length === 1 ? 'keeps' : 'keep'} entries in the workflow's history; executions of those nodes on other n8n processes (queue-mode workers) are not kept apart from this node's`;
		}
	}

	/** Store calls made in this execution, the lock's included (the benchmark reports them) */
	get storeCalls(): number {
		return this.calls + (this.lock?.calls ?? 0);
	}

	private get options(): ICheckProcessedOptions {
		// two entries per delivery: the intent and the confirmation
		return { mode: 'entries', maxEntries: this.historySize * 2 };
	}

	private get historySize(): number {
		return Math.max(1, Math.floor(this.settings.historySize));
	}

	/**
	 * How many items one claim covers: store round trips go per window, not per item. Never more than the history
	 * holds, so that a window's intents are never the entries the store drops.
	 */
	get windowSize(): number {
		return Math.min(50, this.historySize);
	}

	/** One turn of the store: alone among this process's calls for the workflow, and holding the lock. */
	private async inLane<T>(task: () => Promise<T>): Promise<T> {
		return await storeLanes.run(this.context.getWorkflow().id ?? '', async () => {
			const state = this.lock ? await this.lock.acquire() : 'unavailable';
			if (state === 'unavailable' && this.lock) {
				// not a lock now, not one later in this execution: no more store calls for it
				this.calls += this.lock.calls;
				this.lock = undefined;
				this.notice ??= `Skip Already Delivered: the ${this.settings.scope === 'node' ? "workflow's" : "node's own"} history in n8n's de-duplication store is in use by another node, so executions on other n8n processes (queue-mode workers) are not kept apart from this one`;
			}
			if (this.notice !== undefined && !this.noticed) {
				this.noticed = true;
				this.context.logger.warn(this.notice, { node: nodeOf(this.context).name });
			}
			try {
				return await task();
			} finally {
				if (state === 'held') await this.lock?.release();
			}
		});
	}

	private async record(values: string[]): Promise<{ new: string[]; processed: string[] }> {
		this.calls++;
		const answer = await this.context.helpers.checkProcessedAndRecord(
			values,
			this.settings.scope,
			this.options,
		);
		return { new: answer.new.map(String), processed: answer.processed.map(String) };
	}

	private async remove(values: string[]): Promise<void> {
		this.calls++;
		await this.context.helpers.removeProcessed(values, this.settings.scope, this.options);
	}

	/** Clears the history first, when the user asked for it. */
	async start(): Promise<void> {
		if (!this.settings.forget) return;
		this.calls++;
		await this.inLane(
			async () =>
				await this.context.helpers.clearAllProcessedItems(this.settings.scope, this.options),
		);
	}

	/**
	 * Writes what the last window's answers said (see {@link flush}), records the intent to send each key and says,
	 * per key, whether to send it: one turn of the store. One call for the intents when every key is new; keys
	 * already in the history take one more to tell delivered from unconfirmed.
	 */
	async claim(keys: string[]): Promise<Verdict[]> {
		if (keys.length === 0) {
			await this.flush();
			return [];
		}
		const hashes = keys.map(deliveryHash);
		return await this.inLane(async () => {
			await this.writeOutcomes();
			const intents = await this.record(hashes.map((h) => `sent:${h}`));
			const known = new Set(intents.processed);
			const seen = hashes.filter((h) => known.has(`sent:${h}`));
			let delivered = new Set<string>();
			if (seen.length) {
				// the store has no read without a write: the `done:` entries this records for unconfirmed keys are taken back
				const confirmations = await this.record(seen.map((h) => `done:${h}`));
				delivered = new Set(confirmations.processed);
				if (confirmations.new.length) await this.remove(confirmations.new);
			}
			return hashes.map((h) => {
				if (!known.has(`sent:${h}`)) return 'send';
				if (delivered.has(`done:${h}`)) return 'delivered';
				return this.settings.resendUnconfirmed ? 'send' : 'unconfirmed';
			});
		});
	}

	/** The API confirmed these writes. */
	confirm(keys: string[]): void {
		this.confirmed.push(...keys.map((key) => `done:${deliveryHash(key)}`));
	}

	/** These were not written (refused, or never sent): a later run may send them. */
	release(keys: string[]): void {
		this.released.push(...keys.map((key) => `sent:${deliveryHash(key)}`));
	}

	/**
	 * Writes the confirmations and releases gathered so far, in a turn of its own (the last window's; the others go
	 * with the next claim). The confirmation is only ever added: should n8n stop before it is written, the intent
	 * stays, and the delivery reads as "possibly delivered", never as not sent.
	 */
	async flush(): Promise<void> {
		if (this.confirmed.length === 0 && this.released.length === 0) return;
		await this.inLane(async () => await this.writeOutcomes());
	}

	private async writeOutcomes(): Promise<void> {
		const confirmed = this.confirmed.splice(0);
		const released = this.released.splice(0);
		if (confirmed.length) await this.record(confirmed);
		if (released.length) await this.remove(released);
	}
}

/** Whether a failed write may still have been made: then it stays "possibly delivered". */
export function mayHaveActed(error: unknown): boolean {
	const flag = (error as { context?: IDataObject } | undefined)?.context?.mayHaveActed;
	return typeof flag === 'boolean' ? flag : true;
}

/** The output of an item the history kept from being sent: in its place, paired, saying why. */
export function skippedJson(
	verdict: Verdict | 'repeat',
	key: string,
	firstItem?: number,
): IDataObject {
	const reason =
		verdict === 'delivered'
			? 'already delivered'
			: verdict === 'repeat'
				? `repeat of item ${firstItem ?? 0} in this run`
				: 'possibly delivered: sent by an earlier run, or by another execution now, with no confirmation on record (turn on Resend Possibly Delivered to send it again)';
	return { skipped: true, reason, deliveryKey: key };
}

/** The ledger of this execution when the node skips delivered items and the operation writes, else undefined. */
export function deliveryLedgerFor(
	context: IExecuteFunctions,
	operation: { deliveryKey?: unknown },
): DeliveryLedger | undefined {
	if (!operation.deliveryKey) return undefined;
	const settings = readDeliverySettings(context);
	if (!settings) return undefined;
	// n8n keeps the history by workflow ID: a workflow never saved has none
	if (!context.getWorkflow().id)
		throw new NodeOperationError(
			nodeOf(context),
			'Save the workflow first: Skip Already Delivered keeps its history with the saved workflow',
		);
	return new DeliveryLedger(context, settings);
}
