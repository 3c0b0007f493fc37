// The Convertr Lead Result Trigger through n8n-core's poll context: leads delivered by Convertr Lead → Create (run
// through the engine against the fake Convertr) are found in the fake n8n public API's execution history, checked
// against the fake's lead results, and emitted once each when they turn valid or invalid.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ConvertrLeadResultTrigger } from '../../nodes/Convertr/ConvertrLeadResultTrigger.node';
import { CONVERTR_SECRETS, type ConvertrFakeOptions } from '../fakes/convertr.cjs';
import { N8N_API_KEY, type N8nApiFake, startN8nApiFake } from '../fakes/n8nApi.cjs';
import { convertrSetup, emailsOf, publisherNode, simpleMapping } from '../harness/convertr.cjs';
import type { PollStore } from '../harness/engine.cjs';
import { expectNoSecrets } from '../harness/secrets.cjs';

const trigger = new ConvertrLeadResultTrigger();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Only the clock is fake (frozen, moved by the tests); timers, I/O and the fakes' sockets are real
beforeEach(() => {
	jest.useFakeTimers({
		now: Date.parse('2026-12-02T08:00:00Z'),
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
});
const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

type Setup = Awaited<ReturnType<typeof watchSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	jest.useRealTimers();
	await setup?.fake.stop();
	await setup?.n8n.stop();
	setup = undefined;
});

let credentialCounter = 0;

async function watchSetup(options: ConvertrFakeOptions = {}) {
	const convertr = await convertrSetup(options);
	// A credential of its own per test: n8n counts lead-result calls per credential for the whole process
	convertr.credentials = convertr.harness.addCredential(
		'convertrPublisherApi',
		{ ...convertr.harness.credentials.store.get('convertrPublisherApi')!.data },
		`convertr-${++credentialCounter}`,
	);
	const n8n: N8nApiFake = await startN8nApiFake();
	const history = convertr.harness.addCredential('n8nExecutionsApi', {
		apiKey: N8N_API_KEY,
		baseUrl: n8n.baseUrl,
	});
	const store: PollStore = { staticData: {} };
	const s = {
		...convertr,
		n8n,
		store,
		triggerCredentials: { ...convertr.credentials, ...history },
	};
	return s;
}

/** Runs Convertr Lead → Create through the engine and records the execution as n8n would; returns the lead IDs. */
async function deliver(
	s: Setup,
	workflowId: string,
	count: number,
	credentials = s.credentials,
): Promise<number[]> {
	const result = await s.harness.run({
		nodeType: publisherNode,
		parameters: simpleMapping,
		items: emailsOf(count),
		credentials,
	});
	expect(result.error).toBeUndefined();
	s.n8n.add({
		workflowId,
		status: 'success',
		startedAt: Date.now(),
		nodes: result.nodes,
		runData: result.run.data.resultData.runData,
	});
	return result.items.map((item) => Number(item.json.leadId));
}

function settle(
	s: Setup,
	leadId: number,
	result: 'valid' | { qaReasons: unknown; failedJobs: unknown[] },
) {
	const lead = s.fake.leads.find((l) => l.id === leadId);
	if (!lead) throw new Error(`no lead ${leadId}`);
	lead.result = result === 'valid' ? { status: 200, body: '' } : { status: 200, body: result };
}

const resultCalls = (s: Setup) => s.fake.requests.filter((r) => r.path.includes('/lead-result/'));

async function poll(
	s: Setup,
	parameters: IDataObject = {},
	options: { commit?: boolean; mode?: 'manual' } = {},
) {
	return await s.harness.poll(
		trigger,
		{ workflowIds: 'wfA', ...parameters },
		s.triggerCredentials,
		s.store,
		options,
	);
}

const statuses = (items: INodeExecutionData[] | null) =>
	(items ?? []).map((i) => [i.json.leadId, i.json.status]);

test('pending → valid and pending → invalid with reasons, each emitted once; a resolved lead is never asked again', async () => {
	setup = await watchSetup();
	const s = setup;
	expect((await poll(s)).items).toBeNull(); // activation: watching from now
	advance(1000);
	const leads = await deliver(s, 'wfA', 3);
	advance(MINUTE); // the first check comes a minute after the delivery

	const first = await poll(s);
	expect(first.error).toBeUndefined();
	expect(first.items).toBeNull();
	expect(resultCalls(s)).toHaveLength(3); // each checked once, all pending

	settle(s, leads[0], 'valid');
	settle(s, leads[1], {
		qaReasons: ['Email address is not valid'],
		failedJobs: [{ name: 'HLR lookup' }],
	});
	advance(MINUTE); // not due yet: the second check comes 2 minutes after the first
	expect((await poll(s)).items).toBeNull();
	expect(resultCalls(s)).toHaveLength(3);

	advance(2 * MINUTE);
	const second = await poll(s);
	expect(statuses(second.items)).toEqual([
		[leads[0], 'valid'],
		[leads[1], 'invalid'],
	]);
	expect(second.items![1].json).toMatchObject({
		reasons: ['Email address is not valid', 'HLR lookup'],
		formId: 35,
		workflowId: 'wfA',
		checks: 2,
		stillWatching: 1,
	});
	expect(resultCalls(s)).toHaveLength(6);

	settle(s, leads[2], 'valid');
	advance(10 * MINUTE);
	const third = await poll(s);
	expect(statuses(third.items)).toEqual([[leads[2], 'valid']]);
	expect(third.items![0].json.stillWatching).toBe(0);
	expect(resultCalls(s)).toHaveLength(7);
	const checked = resultCalls(s).map((r) => Number(r.path.split('/').pop()));
	expect(checked.filter((id) => id === leads[0])).toHaveLength(2);

	advance(DAY);
	expect((await poll(s)).items).toBeNull();
	expect(resultCalls(s)).toHaveLength(7);
	// the execution was read once with its data
	expect(s.n8n.reads().filter((r) => /\/executions\/\d+$/.test(r.path))).toHaveLength(1);
	expectNoSecrets(
		[s.store.staticData],
		[N8N_API_KEY, CONVERTR_SECRETS.apiKey, ...s.fake.tokensIssued],
	);
});

test('n8n restarted between polls: the saved state goes on; a poll whose outcome was never saved is done again, nothing emitted twice or missed', async () => {
	setup = await watchSetup();
	const s = setup;
	await poll(s);
	advance(1000);
	const leads = await deliver(s, 'wfA', 2);
	advance(MINUTE);
	expect((await poll(s)).items).toBeNull();
	settle(s, leads[0], 'valid');
	advance(3 * MINUTE);

	// n8n dies after the poll, before its outcome (the emitted execution and the state with it) is saved
	const lost = await poll(s, {}, { commit: false });
	expect(statuses(lost.items)).toEqual([[leads[0], 'valid']]);

	// a new process: a new engine with the state from the database
	const saved = JSON.parse(JSON.stringify(s.store)) as PollStore;
	s.store.staticData = saved.staticData;
	const again = await poll(s);
	expect(statuses(again.items)).toEqual([[leads[0], 'valid']]);

	settle(s, leads[1], { qaReasons: 'Duplicate lead', failedJobs: [] });
	advance(10 * MINUTE);
	const later = await poll(s);
	expect(statuses(later.items)).toEqual([[leads[1], 'invalid']]);
	expect(later.items![0].json.reasons).toEqual(['Duplicate lead']);
	advance(DAY);
	expect((await poll(s)).items).toBeNull();
});

test('a 429 on lead results stops the poll’s checks until Retry-After has passed; the leads are checked afterwards', async () => {
	setup = await watchSetup({ leadResultRateLimit: { max: 4, windowMs: 5 * MINUTE } });
	const s = setup;
	await poll(s);
	advance(1000);
	const leads = await deliver(s, 'wfA', 6);
	for (const id of leads) settle(s, id, 'valid');
	advance(MINUTE);

	const first = await poll(s, { options: { maxChecksPerPoll: 6 } });
	expect(first.error).toBeUndefined();
	const answered = resultCalls(s).length;
	// 4 answered, then the 429: no further call in this poll (at most the calls already in flight)
	expect(answered).toBeGreaterThanOrEqual(5);
	expect(answered).toBeLessThanOrEqual(4 + 4);
	expect(first.items).toHaveLength(4);

	advance(MINUTE); // Convertr said: retry in 5 minutes minus 2 s
	expect((await poll(s)).items).toBeNull();
	expect(resultCalls(s)).toHaveLength(answered);

	advance(5 * MINUTE);
	const after = await poll(s);
	expect(statuses(after.items).map(([, status]) => status)).toEqual(['valid', 'valid']);
	expect(new Set([...first.items!, ...after.items!].map((i) => i.json.leadId))).toEqual(
		new Set(leads),
	);
});

test('a lead that never resolves is checked less and less often, then emitted once as unresolved', async () => {
	setup = await watchSetup({ tokenLifetimeMs: 10 * DAY }); // every call answered, none a 401
	const s = setup;
	await poll(s, { stopAfterDays: 1 });
	advance(1000);
	const [lead] = await deliver(s, 'wfA', 1);
	advance(MINUTE);
	for (let minute = 0; minute < 24 * 60 + 300; minute += 10) {
		const { items, error } = await poll(s, { stopAfterDays: 1 });
		expect(error).toBeUndefined();
		if (items) {
			expect(statuses(items)).toEqual([[lead, 'unresolved']]);
			expect(items[0].json.stillWatching).toBe(0);
			break;
		}
		advance(10 * MINUTE);
	}
	const calls = resultCalls(s).length;
	// backed off: the gaps between checks grow to 4 hours; far fewer calls than polls (150)
	const gaps = resultCalls(s)
		.map((r) => r.receivedAt)
		.slice(1)
		.map((at, i) => (at - resultCalls(s)[i].receivedAt) / MINUTE);
	expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
	expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(240);
	expect(calls).toBeLessThan(20);
	advance(DAY);
	expect((await poll(s, { stopAfterDays: 1 })).items).toBeNull();
	expect(resultCalls(s)).toHaveLength(calls);
});

test('an execution still running at one poll is read once it has finished; only Lead → Create items of this credential count', async () => {
	setup = await watchSetup();
	const s = setup;
	await poll(s);
	advance(1000);
	// n8n runs a long execution (listed only with status=running) through twenty minutes of polls
	const running = s.n8n.add({
		workflowId: 'wfA',
		status: 'running',
		startedAt: Date.now(),
		nodes: [],
		runData: {},
	});
	for (let minute = 0; minute < 20; minute++) {
		advance(MINUTE);
		expect((await poll(s)).error).toBeUndefined();
	}
	const finishedFirst = await deliver(s, 'wfA', 1);
	const otherWorkflow = await deliver(s, 'wfB', 1);
	const otherCredential = s.harness.addCredential(
		'convertrPublisherApi',
		{ ...s.harness.credentials.store.get('convertrPublisherApi')!.data },
		`convertr-other-${credentialCounter}`,
	);
	const otherCredentialLeads = await deliver(s, 'wfA', 1, otherCredential);
	advance(MINUTE);
	expect((await poll(s)).error).toBeUndefined();
	const checkedIds = () => new Set(resultCalls(s).map((r) => Number(r.path.split('/').pop())));
	expect(checkedIds()).toEqual(new Set(finishedFirst));

	// the running execution finishes with two leads
	const late = await s.harness.run({
		nodeType: publisherNode,
		parameters: simpleMapping,
		items: emailsOf(2),
		credentials: s.credentials,
	});
	Object.assign(running, {
		status: 'success',
		nodes: late.nodes,
		runData: late.run.data.resultData.runData,
	});
	const lateLeads = late.items.map((i) => Number(i.json.leadId));
	advance(MINUTE);
	await poll(s);
	expect(checkedIds()).toEqual(new Set([...finishedFirst, ...lateLeads]));
	expect(checkedIds().has(otherWorkflow[0])).toBe(false);
	expect(checkedIds().has(otherCredentialLeads[0])).toBe(false);
});

test('a lead ID that a failed or skipped item carries from its input is not watched: it is not one this execution created', async () => {
	setup = await watchSetup();
	const s = setup;
	await poll(s);
	advance(1000);
	s.fake.faults.push({
		match: (r) => r.method === 'POST',
		times: 1,
		answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
	});
	const failed = await s.harness.run({
		nodeType: publisherNode,
		parameters: simpleMapping,
		items: [{ email: 'lead0@example.com', leadId: 4242 }],
		credentials: s.credentials,
		continueOnFail: true,
	});
	expect(failed.items[0].json.error).toMatch(/Campaign is paused/);
	// the node's output as it stands, and as an item whose input's lead ID stayed beside the error or `skipped`
	for (const json of [undefined, { leadId: 4242, error: 'x' }, { leadId: 4343, skipped: true }]) {
		const runData = structuredClone(failed.run.data.resultData.runData);
		if (json) runData.Node[0].data!.main[0]![0].json = json;
		s.n8n.add({
			workflowId: 'wfA',
			status: 'success',
			startedAt: Date.now(),
			nodes: failed.nodes,
			runData,
		});
	}
	advance(MINUTE);
	expect((await poll(s)).error).toBeUndefined();
	advance(10 * MINUTE);
	expect((await poll(s)).error).toBeUndefined();
	expect(resultCalls(s)).toHaveLength(0);
});

test('Max Checks per Poll and Lead Results per 5 Minutes bound the calls; the most overdue go first', async () => {
	setup = await watchSetup();
	const s = setup;
	const parameters = { options: { maxChecksPerPoll: 10, leadResultsPer5Minutes: 15 } };
	await poll(s, parameters);
	advance(1000);
	const leads = await deliver(s, 'wfA', 30);
	advance(MINUTE);
	await poll(s, parameters);
	expect(resultCalls(s)).toHaveLength(10);
	advance(1000);
	await poll(s, parameters);
	expect(resultCalls(s)).toHaveLength(15); // the window's 15 used
	advance(1000);
	await poll(s, parameters);
	expect(resultCalls(s)).toHaveLength(15);
	advance(5 * MINUTE);
	await poll(s, parameters);
	expect(resultCalls(s)).toHaveLength(25);
	// never-checked leads went before the leads checked in the first poll
	const order = resultCalls(s).map((r) => Number(r.path.split('/').pop()));
	expect(new Set(order.slice(0, 25)).size).toBe(25);
	expect(new Set(order)).toEqual(new Set(leads.slice(0, 25)));
});

test('a workflow that delivers one lead per execution: 120 executions between two polls are all read in one poll, each once', async () => {
	setup = await watchSetup();
	const s = setup;
	await poll(s);
	advance(1000);
	const leads: number[] = [];
	for (let i = 0; i < 120; i++) leads.push(...(await deliver(s, 'wfA', 1)));
	advance(MINUTE);
	expect((await poll(s, { options: { maxChecksPerPoll: 200 } })).error).toBeUndefined();
	const checked = resultCalls(s).map((r) => Number(r.path.split('/').pop()));
	expect(checked.sort()).toEqual([...leads].sort());
	const reads = s.n8n.reads().filter((r) => /\/executions\/\d+$/.test(r.path));
	expect(reads).toHaveLength(120);
	// the next poll reads none again
	advance(1000);
	await poll(s);
	expect(s.n8n.reads().filter((r) => /\/executions\/\d+$/.test(r.path))).toHaveLength(120);
});

test('Fetch Test Event shows the latest delivered leads as they stand and remembers nothing', async () => {
	setup = await watchSetup();
	const s = setup;
	const empty = await poll(s, {}, { mode: 'manual' });
	expect(empty.error?.message).toMatch(
		/No lead delivered with this Convertr credential by workflow wfA/,
	);
	const leads = await deliver(s, 'wfA', 4);
	settle(s, leads[3], 'valid');
	const sample = await poll(s, {}, { mode: 'manual' });
	expect(sample.error).toBeUndefined();
	expect(statuses(sample.items)).toEqual([
		[leads[3], 'valid'],
		[leads[2], 'pending'],
		[leads[1], 'pending'],
	]);
	expect(s.store.staticData.leadWatch).toBeUndefined();
});

test('faults: a refused n8n API key or Convertr failing every check fails the poll with the reason and changes nothing', async () => {
	setup = await watchSetup();
	const s = setup;
	await poll(s);
	advance(1000);
	const leads = await deliver(s, 'wfA', 2);
	advance(MINUTE);
	await poll(s); // watched, checked once: pending
	advance(3 * MINUTE);
	const before = JSON.stringify(s.store.staticData);

	const historyCredential = s.harness.credentials.store.get('n8nExecutionsApi')!;
	historyCredential.data.apiKey = 'wrong-key-123456';
	const refused = await poll(s);
	expect(refused.error?.message).toMatch(
		/did not accept the Execution History API credential's API key/,
	);
	expect(JSON.stringify(s.store.staticData)).toBe(before);
	historyCredential.data.apiKey = N8N_API_KEY;

	s.fake.faults.push({
		match: (r) => r.path.includes('/lead-result/'),
		times: 2 * 4,
		answer: { status: 500, body: { code: 500, message: 'Internal error' } },
	});
	const failing = await poll(s);
	expect(failing.error?.message).toMatch(/Convertr failed with HTTP 500: Internal error/);
	expect(JSON.stringify(s.store.staticData)).toBe(before);

	for (const id of leads) settle(s, id, 'valid');
	const recovered = await poll(s);
	expect(statuses(recovered.items)).toEqual([
		[leads[0], 'valid'],
		[leads[1], 'valid'],
	]);
	expectNoSecrets(
		[refused.error, failing.error, recovered.items],
		[N8N_API_KEY, 'wrong-key-123456'],
	);
});
