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
 * A node has two histories (its own and its workflow's); the lock is the one its deliveries are not kept in, and only
 * where no other node keeps entries (the caller checks the workflow: see `historyUsers` in delivery.ts). A lock history
 * holds one value, {@link LOCK_MARKER}, and nobody adds to it: a waiter only records the marker, which is there
 * already. So whoever records the marker as new and then counts one entry has created the lock; more entries mean the
 * history is someone else's: then the marker is taken back out and there is no lock to take (calls are then kept
 * apart within this n8n process only).
 *
 * The lock never deletes an entry it did not write: it deletes the history only when the marker is all it holds
 * (counted just before), and otherwise takes out its marker alone.
 *
 * A holder holds the lock for a few store calls. One that dies in between (n8n killed) leaves its lock behind: a
 * waiter that has found the lock taken at every look for {@link LOCK_LEASE_MS} takes it over, and says so in n8n's log.
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

/**
 * The database's codes for a second insert of one key (SQLite, PostgreSQL, MySQL/MariaDB). n8n's store lets the
 * database error through; TypeORM's QueryFailedError copies the driver's `code` onto itself and keeps the driver's
 * error as `driverError`.
 */
const DUPLICATE_KEY_CODES: ReadonlySet<unknown> = new Set([
	'SQLITE_CONSTRAINT',
	'SQLITE_CONSTRAINT_PRIMARYKEY',
	'SQLITE_CONSTRAINT_UNIQUE',
	'23505',
	'ER_DUP_ENTRY',
]);

/** The database refused a second insert of a history: someone created the lock at the same moment. */
export function isInsertRace(error: unknown): boolean {
	const failure = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
	return (
		DUPLICATE_KEY_CODES.has(failure?.code) || DUPLICATE_KEY_CODES.has(failure?.driverError?.code)
	);
}

/**
 * n8n's store refused the call (its DeduplicationError): for an `entries` call on an existing history, only because
 * the history is kept in another mode (another node's "keep items greater than…" history), so it is not a lock.
 */
export function isStoreRefusal(error: unknown): boolean {
	return (
		(error as { constructor?: { name?: unknown } } | undefined)?.constructor?.name ===
		'DeduplicationError'
	);
}

export type LockState = 'held' | 'unavailable';

export interface StoreLockOptions {
	now?: () => number;
	/** Where the lock says it took over a stale one, or found its history in use (n8n's log) */
	warn?: (message: string) => void;
}

export class StoreLock {
	/** Store calls made (the benchmark reports them) */
	calls = 0;

	private readonly now: () => number;

	private readonly warn: (message: string) => void;

	constructor(
		private readonly node: INode,
		private readonly store: LockStore,
		private readonly scope: DeduplicationScope,
		options: StoreLockOptions = {},
	) {
		this.now = options.now ?? Date.now;
		this.warn = options.warn ?? (() => undefined);
	}

	private async pause(attempt: number): Promise<void> {
		// short and spread out: a holder holds for a few store calls
		await sleep(Math.min(200, 4 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
	}

	private async count(): Promise<number> {
		this.calls++;
		return await this.store.getProcessedDataCount(this.scope, OPTIONS);
	}

	/** Takes the marker back out of a history that turned out to hold other entries: those stay. */
	private async withdraw(): Promise<'unavailable'> {
		this.calls++;
		await this.store.removeProcessed([LOCK_MARKER], this.scope, OPTIONS);
		return 'unavailable';
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
				if (isStoreRefusal(error)) return 'unavailable';
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
				if ((await this.count()) === 1) return 'held';
				// someone else's history, not a lock: the marker comes back out
				return await this.withdraw();
			}
			takenSince ??= this.now();
			if (this.now() - takenSince > LOCK_LEASE_MS) {
				// taken at every look for the whole lease: its holder is gone, unless the history is not a lock at all
				const held = await this.count();
				if (held > 1) return await this.withdraw();
				if (held === 1) {
					this.calls++;
					await this.store.clearAllProcessedItems(this.scope, OPTIONS);
					this.warn(
						`Skip Already Delivered: waited ${Math.round(LOCK_LEASE_MS / 1000)} s on a delivery lock that an execution left behind (n8n stopped while it held it), then took it over`,
					);
				}
				takenSince = undefined;
			}
		}
	}

	/** Frees the lock: the history goes when the marker is all it holds; entries someone else added stay. */
	async release(): Promise<void> {
		if ((await this.count()) <= 1) {
			this.calls++;
			await this.store.clearAllProcessedItems(this.scope, OPTIONS);
			return;
		}
		await this.withdraw();
		this.warn(
			"Skip Already Delivered: another node added entries to the history this node locks with while it held the lock; they were kept, and the lock's marker taken out",
		);
	}
}
