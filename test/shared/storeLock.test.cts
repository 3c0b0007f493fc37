// The lock between n8n processes that "Skip Already Delivered" holds for each turn of n8n's de-duplication store,
// against a store that behaves as n8n's (test/harness/deduplicationStore.cts): reads and writes a history whole with
// no lock, inserts a missing history (a second insert fails), leaves a history deleted meanwhile deleted.
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { LOCK_LEASE_MS, LOCK_MARKER, StoreLock } from '../../nodes/shared/storeLock';
import { MemoryDeduplicationStore } from '../harness/deduplicationStore.cjs';

const NODE = { id: 'deliver', name: 'Deliver' } as INode;

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('property: callers in separate processes never hold the lock at once, and each gets it', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.integer({ min: 2, max: 5 }),
			fc.integer({ min: 1, max: 4 }),
			fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
			async (callers, turns, delays) => {
				let draw = 0;
				// each call's read-to-write time drawn from the case's list: the interleavings vary
				const store = new MemoryDeduplicationStore(() => delays[draw++ % delays.length]);
				let holders = 0;
				let peak = 0;
				let held = 0;
				await Promise.all(
					Array.from({ length: callers }, async (_, caller) => {
						// one node of one workflow, in its own process: nothing shared but the store
						const lock = new StoreLock(NODE, store.helpersFor('wf', `node-${caller}`), 'workflow');
						for (let turn = 0; turn < turns; turn++) {
							expect(await lock.acquire()).toBe('held');
							peak = Math.max(peak, ++holders);
							held++;
							await tick(delays[turn % delays.length]);
							holders--;
							await lock.release();
						}
					}),
				);
				expect(peak).toBe(1);
				expect(held).toBe(callers * turns);
				// nothing left behind: the next caller finds the lock free at once
				expect(
					await store.getProcessedDataCount('workflow', { workflow: { id: 'wf' } } as never),
				).toBe(0);
			},
		),
		{ numRuns: 25 },
	);
});

test("a history that is someone else's (entries) is no lock: left as it was, 'unavailable'", async () => {
	const store = new MemoryDeduplicationStore();
	const other = store.helpersFor('wf', 'remove-duplicates');
	await other.checkProcessedAndRecord(['a', 'b'], 'workflow', { mode: 'entries' });
	const lock = new StoreLock(NODE, store.helpersFor('wf', 'deliver'), 'workflow');
	expect(await lock.acquire()).toBe('unavailable');
	expect(await other.getProcessedDataCount('workflow')).toBe(2);
	const again = await other.checkProcessedAndRecord(['a', 'b', LOCK_MARKER], 'workflow', {
		mode: 'entries',
	});
	expect(again.processed).toEqual(['a', 'b']);
	expect(again.new).toEqual([LOCK_MARKER]);
});

test("a history that is someone else's (another mode) is no lock: nothing written, 'unavailable'", async () => {
	const store = new MemoryDeduplicationStore();
	const other = store.helpersFor('wf', 'remove-duplicates');
	await other.checkProcessedAndRecord([5], 'workflow', { mode: 'latestIncrementalKey' });
	const before = store.calls.record;
	const lock = new StoreLock(NODE, store.helpersFor('wf', 'deliver'), 'workflow');
	expect(await lock.acquire()).toBe('unavailable');
	expect(store.calls.record - before).toBe(1);
	expect(
		(await other.checkProcessedAndRecord([5], 'workflow', { mode: 'latestIncrementalKey' }))
			.processed,
	).toEqual([5]);
});

test('a lock whose holder died is taken over after the lease, not before', async () => {
	const store = new MemoryDeduplicationStore();
	let clock = 1_000_000;
	const dead = new StoreLock(NODE, store.helpersFor('wf', 'a'), 'workflow', { now: () => clock });
	expect(await dead.acquire()).toBe('held'); // and never released: n8n was killed
	const waiter = new StoreLock(NODE, store.helpersFor('wf', 'b'), 'workflow', { now: () => clock });
	let state: string | undefined;
	const waiting = waiter.acquire().then((s) => (state = s));
	await tick(300);
	clock += LOCK_LEASE_MS - 1;
	await tick(500);
	expect(state).toBeUndefined();
	clock += 2;
	await waiting;
	expect(state).toBe('held');
	await waiter.release();
	expect(await new StoreLock(NODE, store.helpersFor('wf', 'c'), 'workflow').acquire()).toBe('held');
});
