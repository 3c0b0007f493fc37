// n8n's de-duplication store, as the n8n CLI implements it (DeduplicationHelper with its ProcessedData table), kept in
// memory: one row per workflow and context ("n:<node id>" or "" for the workflow) holding a list of hashed values and
// the mode it was written in, read whole and written back whole, the oldest entries dropped beyond maxEntries. Like
// n8n's, it takes no lock: each call reads, waits (the database round trip), then writes, so two calls at once lose
// each other's entries; a row read as missing is inserted, and the insert fails when someone inserted it meanwhile
// (the table's primary key); an update of a row deleted meanwhile changes nothing; a row written in another mode is
// refused with n8n's words.
import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/** n8n's error for a call its store refuses (a history kept in another mode): the class is what tells it apart */
export class DeduplicationError extends Error {}

/** What the database answers to a second insert of one key, as TypeORM passes it on: the driver's code copied */
export function duplicateKeyError(): Error {
	return Object.assign(
		new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId'),
		{
			code: 'SQLITE_CONSTRAINT',
			errno: 19,
		},
	);
}

interface Row {
	mode: string;
	data: string[];
}

export class MemoryDeduplicationStore implements IDataDeduplicator {
	readonly rows = new Map<string, Row>();

	/** Calls made, by kind: what a test counts to show round trips are batched */
	readonly calls = { record: 0, remove: 0, clear: 0, count: 0 };

	/** A stand-in for n8n dying between two calls: when it answers true for a write, the write throws */
	failOn?: (items: DeduplicationItemTypes[]) => boolean;

	/** @param roundTripMs the time between a call's read and its write (a number, or drawn per call) */
	constructor(private readonly roundTripMs: number | (() => number) = 2) {}

	private key(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		return `${context.workflow.id}\u0000${scope === 'node' ? `n:${context.node?.id ?? ''}` : ''}`;
	}

	private hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private async roundTrip(): Promise<void> {
		const ms = typeof this.roundTripMs === 'number' ? this.roundTripMs : this.roundTripMs();
		await new Promise((resolve) => setTimeout(resolve, ms));
	}

	/** What the read found, then the write after the round trip: an insert or an update, as n8n's helper does */
	private async write(
		key: string,
		read: Row | undefined,
		data: string[],
		mode: string,
	): Promise<void> {
		await this.roundTrip();
		if (read === undefined) {
			if (this.rows.has(key)) throw duplicateKeyError();
			this.rows.set(key, { mode, data });
		} else if (this.rows.has(key)) {
			this.rows.set(key, { mode: read.mode, data });
		}
	}

	private read(key: string, mode: string): Row | undefined {
		const row = this.rows.get(key);
		if (row && row.mode !== mode)
			throw new DeduplicationError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.',
			);
		return row ? { mode: row.mode, data: [...row.data] } : undefined;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.calls.record++;
		if (this.failOn?.(items)) throw new Error('the store is gone (a stand-in for n8n stopping)');
		const key = this.key(scope, context);
		const read = this.read(key, options.mode);
		const stored = read ? [...read.data] : [];
		const seen = new Set(stored);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hashed = this.hash(item);
			if (seen.has(hashed)) output.processed.push(item);
			else {
				output.new.push(item);
				stored.push(hashed);
				seen.add(hashed);
			}
		}
		if (options.maxEntries) stored.splice(0, Math.max(0, stored.length - options.maxEntries));
		await this.write(key, read, stored, options.mode);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		this.calls.remove++;
		const key = this.key(scope, context);
		const row = this.rows.get(key);
		// n8n's helper leaves a history kept in another mode alone
		if (!row || row.mode !== 'entries' || options.mode !== 'entries') return;
		const read = { mode: row.mode, data: [...row.data] };
		const stored = [...read.data];
		for (const item of items) {
			const index = stored.indexOf(this.hash(item));
			if (index !== -1) stored.splice(index, 1);
		}
		await this.write(key, read, stored, options.mode);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		this.calls.clear++;
		await this.roundTrip();
		this.rows.delete(this.key(scope, context));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<number> {
		this.calls.count++;
		await this.roundTrip();
		const row = this.rows.get(this.key(scope, context));
		return row?.mode === 'entries' ? row.data.length : 0;
	}

	/** The store as one node's `this.helpers` reach it (n8n-core binds the workflow and the node) */
	helpersFor(workflowId: string, nodeId: string) {
		const context = {
			workflow: { id: workflowId },
			node: { id: nodeId },
		} as ICheckProcessedContextData;
		return {
			checkProcessedAndRecord: async (
				items: DeduplicationItemTypes[],
				scope: DeduplicationScope,
				options: ICheckProcessedOptions,
			) => await this.checkProcessedAndRecord(items, scope, context, options),
			removeProcessed: async (
				items: DeduplicationItemTypes[],
				scope: DeduplicationScope,
				options: ICheckProcessedOptions,
			) => await this.removeProcessed(items, scope, context, options),
			clearAllProcessedItems: async (scope: DeduplicationScope) =>
				await this.clearAllProcessedItems(scope, context),
			getProcessedDataCount: async (scope: DeduplicationScope) =>
				await this.getProcessedDataCount(scope, context),
		};
	}

	/** Entries held for one workflow and node */
	entries(workflowId: string, nodeId: string): number {
		return this.rows.get(`${workflowId}\u0000n:${nodeId}`)?.data.length ?? 0;
	}
}
