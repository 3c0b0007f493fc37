import {
	type DeduplicationScope,
	type IExecuteFunctions,
	type INode,
	NodeOperationError,
	sleep,
} from 'n8n-workflow';

/**
 * A lock between n8n processes (queue-mode workers, several mains) built on n8n's de-duplication store.
 *
 * The store reads a history whole and writes it back whole, with no lock and no transaction: two processes that
 * record keys at the same moment can each be told a key is new, and one can erase what the other wrote. Its one
 * atomic step is the first write of a history: it inserts a row keyed by workflow and history, and the database
 * refuses a second insert of the same key. So a history that does not exist is a free lock: whoever creates it
 * holds the lock, and deleting it frees the lock.
 *
 * A node has two histories (its own and its workflow's); the lock is the one its deliveries are not kept in. A lock
 * history holds one value, {@link LOCK_MARKER}, and nobody adds to it: a waiter only records the marker, which is
 * there already. So whoever records the marker as new and then counts one entry has created the lock; more entries
 * mean the history is someone else's (another node's workflow-wide history): then the marker is taken back out and
 * there is no lock to take (calls are then kept apart within this n8n process only).
 *
 * A holder holds the lock for a few store calls. One that dies in between (n8n killed) leaves its lock behind: a
 * waiter that has found the lock taken at every look for {@link LOCK_LEASE_MS} deletes it and takes it.
 */
export const LOCK_MARKER = 'n8n-nodes-convertr-kartra-convert:delivery-lock';

/** How long a waiter waits before it takes a lock over: a holder holds it for a few store calls */
export const LOCK_LEASE_MS = 30_000;

const OPTIONS = { mode: 'entries' } as const;

export type LockStore = Pick<
	IExecuteFunctions['helpers'],
	'checkProcessedAndRecord' | 'clearAllProcessedItems' | 'getProcessedDataCount' | 'removeProcessed'
>;

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The database refused a second insert of a history: someone created the lock at the same moment. */
function isInsertRace(error: unknown): boolean {
	return /duplicate key|unique constraint|SQLITE_CONSTRAINT/i.test(messageOf(error));
}

/** The history exists in another mode (another node's "keep items greater than…" history): not a lock. */
function isModeConflict(error: unknown): boolean {
	return /incompatible setting/i.test(messageOf(error));
}

export type LockState = 'held' | 'unavailable';

export class StoreLock {
	/** Store calls made (the benchmark reports them) */
	calls = 0;

	constructor(
		private readonly node: INode,
		private readonly store: LockStore,
		private readonly scope: DeduplicationScope,
		private readonly now: () => number = Date.now,
	) {}

	private async pause(attempt: number): Promise<void> {
		// short and spread out: a holder holds for a few store calls
		await sleep(Math.min(200, 4 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
	}

	/**
	 * Waits until this caller holds the lock ('held'), or finds there is none to take ('unavailable': the history
	 * is someone else's). Two callers, in one process or two, never hold it at once (unless one held it longer than
	 * the lease).
	 */
	async acquire(): Promise<LockState> {
		let takenSince: number | undefined;
		for (let attempt = 0; ; attempt++) {
			if (attempt > 0) await this.pause(attempt);
			let answer: { new: unknown[] };
			try {
				this.calls++;
				answer = await this.store.checkProcessedAndRecord([LOCK_MARKER], this.scope, OPTIONS);
			} catch (error) {
				if (isModeConflict(error)) return 'unavailable';
				if (isInsertRace(error)) {
					// created by someone else at the same moment: taken
					takenSince ??= this.now();
					continue;
				}
				throw new NodeOperationError(this.node, error as Error, {
					message: `n8n's de-duplication store failed: ${messageOf(error)}`,
				});
			}
			if (answer.new.length > 0) {
				this.calls++;
				if ((await this.store.getProcessedDataCount(this.scope, OPTIONS)) === 1) return 'held';
				// someone else's history, not a lock: the marker comes back out
				this.calls++;
				await this.store.removeProcessed([LOCK_MARKER], this.scope, OPTIONS);
				return 'unavailable';
			}
			takenSince ??= this.now();
			if (this.now() - takenSince > LOCK_LEASE_MS) {
				// taken at every look for the whole lease: its holder is gone
				this.calls++;
				await this.store.clearAllProcessedItems(this.scope, OPTIONS);
				takenSince = undefined;
			}
		}
	}

	async release(): Promise<void> {
		this.calls++;
		await this.store.clearAllProcessedItems(this.scope, OPTIONS);
	}
}
