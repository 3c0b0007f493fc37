// n8n's de-duplication store, as the n8n CLI implements it (DeduplicationHelper with its ProcessedData table), kept in
// memory: one list of hashed values per workflow and context ("n:<node id>" or "" for the workflow), read whole and
// written back whole, the oldest entries dropped beyond maxEntries. Like n8n's, it takes no lock: each call reads,
// waits (the database round trip), then writes, so two calls at once lose each other's entries.
import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

export class MemoryDeduplicationStore implements IDataDeduplicator {
	readonly rows = new Map<string, string[]>();

	/** Calls made, by kind: what a test counts to show round trips are batched */
	readonly calls = { record: 0, remove: 0, clear: 0, count: 0 };

	/** A stand-in for n8n dying between two calls: when it answers true for a write, the write throws */
	failOn?: (items: DeduplicationItemTypes[]) => boolean;

	constructor(private readonly roundTripMs = 2) {}

	private key(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		return `${context.workflow.id}\u0000${scope === 'node' ? `n:${context.node?.id ?? ''}` : ''}`;
	}

	private hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private async roundTrip(): Promise<void> {
		await new Promise((resolve) => setTimeout(resolve, this.roundTripMs));
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
		const stored = [...(this.rows.get(key) ?? [])];
		await this.roundTrip();
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
		this.rows.set(key, stored);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		this.calls.remove++;
		const key = this.key(scope, context);
		const stored = [...(this.rows.get(key) ?? [])];
		await this.roundTrip();
		for (const item of items) {
			const index = stored.indexOf(this.hash(item));
			if (index !== -1) stored.splice(index, 1);
		}
		this.rows.set(key, stored);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		this.calls.clear++;
		this.rows.delete(this.key(scope, context));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<number> {
		this.calls.count++;
		return this.rows.get(this.key(scope, context))?.length ?? 0;
	}

	/** Entries held for one workflow and node */
	entries(workflowId: string, nodeId: string): number {
		return this.rows.get(`${workflowId}\u0000n:${nodeId}`)?.length ?? 0;
	}
}
