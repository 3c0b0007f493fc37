// "Skip Already Delivered" between n8n processes: two executions of one node on two queue-mode workers claim the
// same leads at the same moment. Each process has its own copy of the package (its own in-process lanes); only
// n8n's de-duplication store is shared, and it behaves as n8n's (test/harness/deduplicationStore.cts).
import type { IExecuteFunctions } from 'n8n-workflow';

import type * as Delivery from '../../nodes/shared/delivery';
import { MemoryDeduplicationStore } from '../harness/deduplicationStore.cjs';

/** The package as a separate n8n process loads it */
function processCopy(): typeof Delivery {
	let copy: typeof Delivery | undefined;
	jest.isolateModules(() => {
		copy = jest.requireActual<typeof Delivery>('../../nodes/shared/delivery');
	});
	return copy as typeof Delivery;
}

function contextFor(store: MemoryDeduplicationStore, warnings: string[]): IExecuteFunctions {
	return {
		helpers: store.helpersFor('wf-1', 'deliver'),
		getWorkflow: () => ({ id: 'wf-1', active: true }),
		getNode: () => ({ id: 'deliver', name: 'Deliver' }),
		logger: { warn: (message: string) => warnings.push(message) },
	} as unknown as IExecuteFunctions;
}

const settings = {
	scope: 'node',
	historySize: 10_000,
	resendUnconfirmed: false,
	forget: false,
} as const;

const keys = Array.from({ length: 50 }, (_, i) => `lead${i}@example.com`);

test("n8n's store alone: two processes recording the same keys at the same moment are both told they are new", async () => {
	const store = new MemoryDeduplicationStore(5);
	// a history that exists (its first write is an insert, and a second insert at the same moment fails)
	await store.helpersFor('wf-1', 'deliver').checkProcessedAndRecord(['earlier'], 'node', {
		mode: 'entries',
	});
	const [a, b] = await Promise.all(
		[1, 2].map(
			async () =>
				await store
					.helpersFor('wf-1', 'deliver')
					.checkProcessedAndRecord(keys, 'node', { mode: 'entries' }),
		),
	);
	// what the package's lock exists for
	expect(a.new).toHaveLength(50);
	expect(b.new).toHaveLength(50);
});

test('two processes claiming the same 50 leads at the same moment: each lead is sent by one of them', async () => {
	for (let round = 0; round < 10; round++) {
		const store = new MemoryDeduplicationStore(() => Math.floor(Math.random() * 5));
		const warnings: string[] = [];
		const ledgers = [processCopy(), processCopy()].map(
			(copy) => new copy.DeliveryLedger(contextFor(store, warnings), { ...settings }),
		);
		const verdicts = await Promise.all(ledgers.map(async (ledger) => await ledger.claim(keys)));
		for (let i = 0; i < keys.length; i++) {
			const sent = verdicts.filter((v) => v[i] === 'send').length;
			expect({ key: keys[i], sent }).toEqual({ key: keys[i], sent: 1 });
		}
		expect(warnings).toEqual([]);
	}
});

test("with the workflow's history in use by another node, it says so in n8n's log and still delivers", async () => {
	const store = new MemoryDeduplicationStore();
	await store
		.helpersFor('wf-1', 'remove-duplicates')
		.checkProcessedAndRecord(['x'], 'workflow', { mode: 'entries' });
	const warnings: string[] = [];
	const copy = processCopy();
	const ledger = new copy.DeliveryLedger(contextFor(store, warnings), { ...settings });
	expect(await ledger.claim(keys.slice(0, 3))).toEqual(['send', 'send', 'send']);
	expect(warnings).toHaveLength(1);
	expect(warnings[0]).toMatch(/in use by another node/);
});
