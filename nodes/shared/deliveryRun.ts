import { type INodeExecutionData, sleep } from 'n8n-workflow';

import { WorkPool, chunk } from './concurrency';
import { type DeliveryLedger, skippedJson } from './delivery';
import { isBlank } from './input';
import type { Group, OperationRun, PreparedItem, SentToHistory } from './operation';

/** With a delivery history, items prepared between two looks at the answers of those already sent */
const PREPARE_BETWEEN_YIELDS = 4;

/** What a run with a delivery history keeps between its windows (terms: CONTRIBUTING.md, "Skip Already Delivered") */
interface HistoryRun<Prepared> extends SentToHistory {
	/** The first item of each delivery key in this run: a later item with the key is a repeat */
	firstOfKey: Map<string, number>;
	/** Items claimed to be sent: taken back if the run stops before they go out */
	claimed: Array<PreparedItem<Prepared>>;
	pool: WorkPool;
	nextGroup: number;
}

/**
 * `runOperation` with "Skip Already Delivered": a window of items is prepared and claimed in one turn of the store,
 * then its groups join the others on the wire; the next window is prepared and claimed while this one is still out,
 * so sending waits neither for the store nor for the preparation of later items (n8n's evaluation of their
 * expressions). A bad item with "On Error → Stop" then stops the run after earlier windows went out; run again,
 * they are skipped as delivered.
 */
export async function runWithHistory<Session, Prepared>(
	run: OperationRun<Session, Prepared>,
	ledger: DeliveryLedger,
	deliveryKey: (prepared: Prepared) => string,
): Promise<INodeExecutionData[]> {
	await ledger.start();
	const state: HistoryRun<Prepared> = {
		ledger,
		keys: new Map(),
		started: new Set(),
		firstOfKey: new Map(),
		claimed: [],
		pool: new WorkPool(run.grouping.concurrency),
		nextGroup: 1,
	};
	let stopped: { error: unknown } | undefined;
	try {
		const windowLength = Math.max(ledger.windowSize, run.groupSize);
		for (let first = 0; first < run.itemCount && !state.pool.failed; first += windowLength) {
			const window = await prepareWindow(run, state.pool, first, windowLength);
			await state.pool.room(run.grouping.concurrency);
			if (state.pool.failed) break;
			await claimAndSend(run, state, window, deliveryKey);
		}
	} catch (error) {
		stopped = { error };
	}
	// the first failure on the wire says more than a store call that failed after it
	stopped = (await state.pool.settle()) ?? stopped;
	// the run stopped before these went out: their claims are taken back
	ledger.release(
		state.claimed
			.filter(({ itemIndex }) => !state.started.has(itemIndex))
			.map(({ itemIndex }) => state.keys.get(itemIndex) as string),
	);
	try {
		await ledger.flush();
	} catch (error) {
		stopped ??= { error };
	}
	if (stopped) throw stopped.error;
	return run.output();
}

/** Prepares the items of one window; answers that came back meanwhile are read, and their slots refilled, between items */
async function prepareWindow<Session, Prepared>(
	run: OperationRun<Session, Prepared>,
	pool: WorkPool,
	first: number,
	length: number,
): Promise<Array<PreparedItem<Prepared>>> {
	const window: Array<PreparedItem<Prepared>> = [];
	for (let itemIndex = first; itemIndex < Math.min(run.itemCount, first + length); itemIndex++) {
		const entry = await run.prepare(itemIndex);
		if (entry) window.push(entry);
		if ((itemIndex - first) % PREPARE_BETWEEN_YIELDS === PREPARE_BETWEEN_YIELDS - 1 && pool.busy)
			await sleep(0);
	}
	return window;
}

/**
 * Gives each item of a window its delivery key (the user's, or the operation's), skips repeats of a key met earlier
 * in the run, claims the rest in one turn of the store, skips what the history says was delivered (or sent without
 * a confirmation), and hands the others to the pool in groups.
 */
async function claimAndSend<Session, Prepared>(
	run: OperationRun<Session, Prepared>,
	state: HistoryRun<Prepared>,
	window: Array<PreparedItem<Prepared>>,
	deliveryKey: (prepared: Prepared) => string,
): Promise<void> {
	const fresh: Array<PreparedItem<Prepared>> = [];
	for (const entry of window) {
		const custom = run.context.getNodeParameter(
			'deliveryHistory.key',
			entry.itemIndex,
			'',
		) as unknown;
		const key = isBlank(custom) ? deliveryKey(entry.prepared) : String(custom);
		const first = state.firstOfKey.get(key);
		if (first !== undefined) {
			run.skip(entry, skippedJson('repeat', key, first));
			continue;
		}
		state.firstOfKey.set(key, entry.itemIndex);
		state.keys.set(entry.itemIndex, key);
		fresh.push(entry);
	}
	// one turn of the store: the outcomes gathered so far, this window's intents
	const verdicts = await state.ledger.claim(
		fresh.map(({ itemIndex }) => state.keys.get(itemIndex) as string),
	);
	const toSend = fresh.filter((entry, i) => {
		if (verdicts[i] === 'send') return true;
		run.skip(entry, skippedJson(verdicts[i], state.keys.get(entry.itemIndex) as string));
		return false;
	});
	state.claimed.push(...toSend);
	for (const group of chunk(toSend, run.groupSize)) {
		const info: Group = { number: state.nextGroup++, size: group.length };
		state.pool.add(async () => await run.send(group, info, state));
	}
}
