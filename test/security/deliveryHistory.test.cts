// The delivery history in n8n's de-duplication store (test/harness/deduplicationStore.cts behaves as n8n's: a history
// read and written whole, no lock, a second insert refused with the database's code). The lock between n8n processes
// never deletes an entry it did not write, whatever another node does meanwhile, and tells a taken lock from a
// history that is no lock by structured signals. Delivery keys of different items never collide.
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type * as Delivery from '../../nodes/shared/delivery';
import { DeliveryLedger } from '../../nodes/shared/delivery';
import { LOCK_LEASE_MS, StoreLock } from '../../nodes/shared/storeLock';
import { convertNode, convertSetup, conversion } from '../harness/convert.cjs';
import { DeduplicationError, MemoryDeduplicationStore } from '../harness/deduplicationStore.cjs';

const NODE = { id: 'a', name: 'Deliver A' } as INode;
const ENTRIES = { mode: 'entries' } as const;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The package as a separate n8n process loads it (its own in-process lanes) */
function processCopy(): typeof Delivery {
	let copy: typeof Delivery | undefined;
	jest.isolateModules(() => {
		copy = jest.requireActual<typeof Delivery>('../../nodes/shared/delivery');
	});
	return copy as typeof Delivery;
}

const settings = (scope: 'node' | 'workflow') =>
	({ scope, historySize: 10_000, resendUnconfirmed: false, forget: false }) as const;

/** What n8n hands a node of workflow wf-1: the store bound to the node, its log, the nodes it is connected to */
function contextFor(
	helpers: ReturnType<MemoryDeduplicationStore['helpersFor']>,
	node: { id: string; name: string },
	options: {
		warnings?: string[];
		connected?: Array<{ name: string; parameters: IDataObject }>;
	} = {},
): IExecuteFunctions {
	const connected = (options.connected ?? []).map((n) => ({
		type: 'n8n-nodes-convertr-kartra-convert.convertrPublisher',
		typeVersion: 1.1,
		disabled: false,
		...n,
	}));
	return {
		helpers,
		getWorkflow: () => ({ id: 'wf-1', active: true }),
		getNode: () => node,
		getParentNodes: (name: string) => (name === node.name ? connected : []),
		getChildNodes: () => [],
		logger: { warn: (message: string) => options.warnings?.push(message) },
	} as unknown as IExecuteFunctions;
}

describe('the lock never deletes what it did not write', () => {
	test('releasing the lock keeps the entries another node recorded in its history meanwhile', async () => {
		const store = new MemoryDeduplicationStore();
		const lock = new StoreLock(NODE, store.helpersFor('wf', 'a'), 'workflow');
		expect(await lock.acquire()).toBe('held');
		const other = store.helpersFor('wf', 'b');
		await other.checkProcessedAndRecord(['l1', 'l2', 'l3'], 'workflow', ENTRIES);
		await lock.release();
		expect(await other.getProcessedDataCount('workflow')).toBe(3);
	});

	test("a This Node ledger on one worker, a Whole Workflow ledger on another: the second one's deliveries stay delivered", async () => {
		const store = new MemoryDeduplicationStore();
		// B (another node, another process) keeps its deliveries in the workflow's history
		const b = new (processCopy().DeliveryLedger)(
			contextFor(store.helpersFor('wf-1', 'b'), { id: 'b', name: 'B' }),
			settings('workflow'),
		);
		const helpersA = store.helpersFor('wf-1', 'a');
		let bDelivered = false;
		// A (This Node) locks in the workflow's history: B delivers while A holds that lock
		const a = new (processCopy().DeliveryLedger)(
			contextFor(
				{
					...helpersA,
					getProcessedDataCount: async (scope) => {
						const count = await helpersA.getProcessedDataCount(scope);
						if (scope === 'workflow' && !bDelivered) {
							bDelivered = true;
							expect(await b.claim(['lead@example.com'])).toEqual(['send']);
							b.confirm(['lead@example.com']);
							await b.flush();
						}
						return count;
					},
				},
				{ id: 'a', name: 'A' },
			),
			settings('node'),
		);
		expect(await a.claim(['other@example.com'])).toEqual(['send']);
		expect(bDelivered).toBe(true);
		expect(await b.claim(['lead@example.com'])).toEqual(['delivered']);
	});

	test('a lock left by a killed process in a history another node wrote to is not cleared after the lease', async () => {
		const store = new MemoryDeduplicationStore();
		let clock = 1_000_000;
		const dead = new StoreLock(NODE, store.helpersFor('wf', 'dead'), 'workflow', {
			now: () => clock,
		});
		expect(await dead.acquire()).toBe('held'); // and never released: n8n was killed
		const other = store.helpersFor('wf', 'b');
		await other.checkProcessedAndRecord(['l1', 'l2', 'l3', 'l4'], 'workflow', ENTRIES);
		const waiter = new StoreLock(NODE, store.helpersFor('wf', 'a'), 'workflow', {
			now: () => clock,
		});
		const waiting = waiter.acquire();
		await tick(100);
		clock += LOCK_LEASE_MS + 1;
		expect(await waiting).toBe('unavailable');
		expect(await other.getProcessedDataCount('workflow')).toBe(4);
	});

	test("a lock left by a killed process is taken over after the lease, and n8n's log says so", async () => {
		const store = new MemoryDeduplicationStore();
		let clock = 1_000_000;
		const dead = new StoreLock(NODE, store.helpersFor('wf', 'dead'), 'workflow', {
			now: () => clock,
		});
		expect(await dead.acquire()).toBe('held');
		const warnings: string[] = [];
		const waiter = new StoreLock(NODE, store.helpersFor('wf', 'a'), 'workflow', {
			now: () => clock,
			warn: (message) => warnings.push(message),
		});
		const waiting = waiter.acquire();
		await tick(100);
		clock += LOCK_LEASE_MS + 1;
		expect(await waiting).toBe('held');
		expect(warnings).toEqual([
			'Skip Already Delivered: waited 30 s on a delivery lock that an execution left behind (n8n stopped while it held it), then took it over',
		]);
	});

	test("a This Node ledger connected to a Whole Workflow node takes no lock in the workflow's history, and says why", async () => {
		const store = new MemoryDeduplicationStore();
		const helpers = store.helpersFor('wf-1', 'a');
		const scopes: string[] = [];
		const recording = {
			checkProcessedAndRecord: async (
				...args: Parameters<typeof helpers.checkProcessedAndRecord>
			) => {
				scopes.push(args[1]);
				return await helpers.checkProcessedAndRecord(...args);
			},
			removeProcessed: async (...args: Parameters<typeof helpers.removeProcessed>) => {
				scopes.push(args[1]);
				return await helpers.removeProcessed(...args);
			},
			clearAllProcessedItems: async (scope: 'node' | 'workflow') => {
				scopes.push(scope);
				return await helpers.clearAllProcessedItems(scope);
			},
			getProcessedDataCount: async (scope: 'node' | 'workflow') => {
				scopes.push(scope);
				return await helpers.getProcessedDataCount(scope);
			},
		};
		const warnings: string[] = [];
		const ledger = new DeliveryLedger(
			contextFor(
				recording as never,
				{ id: 'a', name: 'A' },
				{
					warnings,
					connected: [
						{
							name: 'Tag in Kartra',
							parameters: { skipDelivered: true, deliveryHistory: { scope: 'workflow' } },
						},
					],
				},
			),
			settings('node'),
		);
		expect(await ledger.claim(['lead@example.com'])).toEqual(['send']);
		expect(scopes.length).toBeGreaterThan(0);
		expect(scopes.filter((scope) => scope === 'workflow')).toEqual([]);
		expect(warnings).toEqual([
			`Skip Already Delivered: "Tag in Kartra" keeps entries in the workflow's history in n8n's de-duplication store, where this node would keep its lock, so executions on other n8n processes (queue-mode workers) are not kept apart from this one`,
		]);
	});
});

describe('taken, or not a lock: structured signals, not message text', () => {
	/** A store whose first record call fails as given, then answers as n8n's */
	function failingOnce(error: Error) {
		const store = new MemoryDeduplicationStore();
		const helpers = store.helpersFor('wf', 'a');
		let failed = false;
		return {
			...helpers,
			checkProcessedAndRecord: async (
				...args: Parameters<typeof helpers.checkProcessedAndRecord>
			) => {
				if (!failed) {
					failed = true;
					throw error;
				}
				return await helpers.checkProcessedAndRecord(...args);
			},
		};
	}

	test("an insert race is told by the database's code, whatever its words", async () => {
		const race = Object.assign(new Error('could not write the row'), { code: '23505' });
		const lock = new StoreLock(NODE, failingOnce(race), 'workflow');
		expect(await lock.acquire()).toBe('held');
	});

	test("an error whose words say 'duplicate key' but carries no code is the store failing", async () => {
		const lock = new StoreLock(
			NODE,
			failingOnce(new Error('duplicate key in the cache layer')),
			'workflow',
		);
		await expect(lock.acquire()).rejects.toThrow(
			"n8n's de-duplication store failed: duplicate key in the cache layer",
		);
	});

	test("n8n's DeduplicationError means the history is no lock, whatever its words", async () => {
		const lock = new StoreLock(
			NODE,
			failingOnce(new DeduplicationError('kept in another mode')),
			'workflow',
		);
		expect(await lock.acquire()).toBe('unavailable');
	});
});

describe('delivery keys', () => {
	test('two conversions whose parts hold | are two deliveries, not a repeat', async () => {
		const setup = await convertSetup();
		const result = await setup.harness.run({
			nodeType: convertNode,
			parameters: conversion({
				goalData: { transactionId: '={{ $json.transaction }}' },
				skipDelivered: true,
			}),
			items: [
				{ visitor: 'v|100300', transaction: 't' },
				{ visitor: 'v', transaction: '100300|t' },
			],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.skipped ?? false)).toEqual([false, false]);
		expect(setup.fake.events.map((e) => e.visitorId)).toEqual(['v|100300', 'v']);
	});
});
