// "Skip Already Delivered": running a workflow again (n8n's Retry, the next scheduled run over the same sheet) never
// sends a lead, an action or a conversion twice. The history lives in n8n's de-duplication store (here the harness's
// in-memory copy of n8n's implementation); a write whose fate is unknown comes out as "possibly delivered".
import type { INodeExecutionData, INodeType } from 'n8n-workflow';

import { convertNode, convertSetup } from '../harness/convert.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { deduplicationStore } from '../harness/engine.cjs';
import { kartraNode, kartraSetup, seedLead } from '../harness/kartra.cjs';
import type { RecordedRequest } from '../fakes/httpServer.cjs';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
	deduplicationStore.failOn = undefined;
});

const leads = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ email: `lead${i}@example.com` }));
const skipping = (extra: Record<string, unknown> = {}) => ({
	skipDelivered: true,
	deliveryHistory: extra,
});
const reasons = (items: INodeExecutionData[]) =>
	items.map((i) =>
		i.json.skipped ? String(i.json.reason).split(':')[0] : i.json.error ? 'error' : 'sent',
	);

async function convertr() {
	const setup = await convertrSetup();
	stops.push(() => setup.fake.stop());
	const storedTimes = (email: string) =>
		setup.fake.leads.filter((l) => l.form.email === email).length;
	const run = async (
		items: Array<Record<string, unknown>>,
		extra: Record<string, unknown> = {},
		options: Record<string, unknown> = {},
	) =>
		await setup.harness.run({
			nodeType: publisherNode,
			parameters: leadParameters(
				{ email: '={{$json.email}}' },
				{ ...skipping(extra), options: { concurrency: 4, ...options } },
			),
			items,
			credentials: setup.credentials,
		});
	return { ...setup, run, storedTimes };
}

describe('Convertr Lead → Create', () => {
	test('a run that stops part-way (a 403 at item 9), then the same input again: every lead delivered exactly once', async () => {
		const { fake, run, storedTimes } = await convertr();
		fake.faults.push({
			match: (r: RecordedRequest) => r.rawBody.includes(encodeURIComponent('lead8@example.com')),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		const first = await run(leads(21));
		expect(first.error?.message).toMatch(/Campaign is paused/);
		const deliveredFirst = fake.leads.length;
		expect(deliveredFirst).toBeGreaterThan(0);
		expect(deliveredFirst).toBeLessThan(21);

		const second = await run(leads(21));
		expect(second.error).toBeUndefined();
		expect(second.items).toHaveLength(21);
		expect(second.items.map((i) => i.pairedItem)).toEqual(
			Array.from({ length: 21 }, (_, item) => ({ item })),
		);
		for (const { email } of leads(21))
			expect({ email, times: storedTimes(email) }).toEqual({ email, times: 1 });
		const skipped = second.items.filter((i) => i.json.skipped);
		expect(skipped).toHaveLength(deliveredFirst);
		expect(new Set(skipped.map((i) => i.json.reason))).toEqual(new Set(['already delivered']));
		// lead 8 was refused (Convertr acted on nothing): it was free to go again, and went
		expect(second.items[8].json.leadId).toEqual(expect.any(String));

		// a third run sends nothing at all
		const posts = fake.leadPosts().length;
		const third = await run(leads(21));
		expect(reasons(third.items)).toEqual(Array(21).fill('already delivered'));
		expect(fake.leadPosts()).toHaveLength(posts);
	});

	test("an answer that leaves the lead's fate unknown (no answer in time): reported as possibly delivered, not resent, unless asked", async () => {
		const { fake, run, storedTimes } = await convertr();
		fake.faults.push({
			match: (r: RecordedRequest) => r.rawBody.includes(encodeURIComponent('lead2@example.com')),
			times: 1,
			answer: { hang: true },
			afterProcessing: true,
		});
		const first = await run(leads(4), {}, { timeout: 3 });
		expect(first.error?.message).toMatch(/did not answer within 3 s/);
		const second = await run(leads(4));
		expect(second.error).toBeUndefined();
		// lead 3 went out beside lead 2 (4 at a time) and was confirmed
		expect(reasons(second.items)).toEqual([
			'already delivered',
			'already delivered',
			'possibly delivered',
			'already delivered',
		]);
		expect(String(second.items[2].json.reason)).toMatch(/no confirmation on record/);
		expect(storedTimes('lead2@example.com')).toBe(1);
		// with "Resend Possibly Delivered" it goes again (and Convertr now holds it twice: the user's choice)
		const third = await run(leads(4), { resendUnconfirmed: true });
		expect(reasons(third.items)).toEqual([
			'already delivered',
			'already delivered',
			'sent',
			'already delivered',
		]);
		expect(storedTimes('lead2@example.com')).toBe(2);
	});

	test('n8n stops between sending and recording the confirmation: after a retry each lead is delivered once or reported', async () => {
		const { fake, run, storedTimes } = await convertr();
		// the confirmations never reach the store: as if n8n died right after the requests
		deduplicationStore.failOn = (items) => items.some((value) => String(value).startsWith('done:'));
		const first = await run(leads(10));
		expect(first.error).toBeDefined();
		expect(fake.leads).toHaveLength(10);
		deduplicationStore.failOn = undefined;
		const second = await run(leads(10));
		expect(reasons(second.items)).toEqual(Array(10).fill('possibly delivered'));
		for (const { email } of leads(10)) expect(storedTimes(email)).toBe(1);
	});

	test('the same key twice in one run: sent once, the second says it repeats the first; order and pairing kept', async () => {
		const { fake, run } = await convertr();
		const items = [
			{ email: 'a@example.com' },
			{ email: 'b@example.com' },
			{ email: 'A@example.com' },
			{ email: 'c@example.com' },
		];
		const result = await run(items);
		expect(reasons(result.items)).toEqual(['sent', 'sent', 'repeat of item 0 in this run', 'sent']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(fake.leads).toHaveLength(3);
	});

	test("a delivery key of the user's: items are the same delivery when their key is", async () => {
		const { fake, run } = await convertr();
		const items = [
			{ email: 'x@example.com', order: 'A-1' },
			{ email: 'x@example.com', order: 'A-2' },
		];
		const result = await run(items, { key: '={{ $json.order }}' });
		expect(reasons(result.items)).toEqual(['sent', 'sent']);
		const again = await run(items, { key: '={{ $json.order }}' });
		expect(reasons(again.items)).toEqual(['already delivered', 'already delivered']);
		expect(fake.leads).toHaveLength(2);
	});

	test('the history keeps its size: the oldest deliveries are forgotten first', async () => {
		const { fake, harness, run } = await convertr();
		await run(leads(5), { historySize: 3 }, { concurrency: 1 });
		// two entries per delivery at the most
		expect(deduplicationStore.entries(harness.workflowId, 'node')).toBeLessThanOrEqual(6);
		const newest = await run(leads(5).slice(3), { historySize: 3 });
		expect(reasons(newest.items)).toEqual(['already delivered', 'already delivered']);
		const oldest = await run(leads(1), { historySize: 3 });
		expect(reasons(oldest.items)).toEqual(['sent']);
		expect(fake.leads).toHaveLength(6);
		expect(deduplicationStore.entries(harness.workflowId, 'node')).toBeLessThanOrEqual(6);
	});

	test('store round trips go per window of 50 items, not per item; Forget History First clears it', async () => {
		const { fake, run } = await convertr();
		const before = { ...deduplicationStore.calls };
		const result = await run(leads(120));
		expect(result.error).toBeUndefined();
		const after = deduplicationStore.calls;
		const calls = {
			record: after.record - before.record,
			remove: after.remove - before.remove,
			count: after.count - before.count,
			clear: after.clear - before.clear,
		};
		// 4 turns of the store (3 windows, the last window's outcomes), each holding the lock (record the marker,
		// count; count again, delete: the lock deletes its history only when the marker is all it holds); the
		// history: the intents of each window, the outcomes of the one before it
		expect(calls).toEqual({ record: 4 + 6, remove: 0, count: 4 + 4, clear: 4 });
		const forgotten = await run(leads(3), { forget: true });
		expect(reasons(forgotten.items)).toEqual(['sent', 'sent', 'sent']);
		expect(fake.leads).toHaveLength(123);
	});

	test('two executions of the same delivery at the same time in one n8n: each lead once', async () => {
		const { fake, run, storedTimes } = await convertr();
		const [a, b] = await Promise.all([run(leads(30)), run(leads(30))]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		for (const { email } of leads(30))
			expect({ email, times: storedTimes(email) }).toEqual({ email, times: 1 });
		const skipped = [...a.items, ...b.items].filter((i) => i.json.skipped).length;
		expect(skipped).toBe(30);
		expect(fake.leads).toHaveLength(30);
	});

	test('a workflow never saved (no ID, so no history): the option says to save it first, nothing is sent', async () => {
		const setup = await convertrSetup({}, 'apiKey', { unsaved: true });
		stops.push(() => setup.fake.stop());
		const result = await setup.harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: '={{$json.email}}' }, skipping()),
			items: leads(2),
			credentials: setup.credentials,
		});
		expect(result.error?.message).toBe(
			'Save the workflow first: Skip Already Delivered keeps its history with the saved workflow',
		);
		expect(setup.fake.leadPosts()).toHaveLength(0);
	});

	test('items are prepared window by window while earlier windows are sent: a bad item (On Error → Stop) stops the run after the windows before it, named; fixed and run again, every lead once', async () => {
		const { fake, harness, credentials } = await convertr();
		const required = [{ id: 'email', required: true }];
		const input = leads(120);
		const parameters = leadParameters({ email: '={{$json.email}}' }, skipping(), required);
		const first = await harness.run({
			nodeType: publisherNode,
			parameters,
			items: input.map((item, i) => (i === 100 ? { email: '' } : item)),
			credentials,
		});
		expect(first.error?.name).toBe('NodeOperationError');
		expect(first.error?.message).toBe(
			'Item 100: field "email" (form[email]) is required by the form but has no value',
		);
		// the two windows of 50 before the bad item's window went out; nothing of its window did
		expect(fake.leads.map((l) => l.form.email)).toEqual(
			expect.arrayContaining(input.slice(0, 100).map((l) => l.email)),
		);
		expect(fake.leads).toHaveLength(100);

		const second = await harness.run({
			nodeType: publisherNode,
			parameters,
			items: input,
			credentials,
		});
		expect(second.error).toBeUndefined();
		expect(reasons(second.items)).toEqual([
			...Array<string>(100).fill('already delivered'),
			...Array<string>(20).fill('sent'),
		]);
		expect(second.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(fake.leads.map((l) => l.form.email).sort()).toEqual(input.map((l) => l.email).sort());
	});

	test('without the option a bad item stops the run before any lead is sent', async () => {
		const { fake, harness, credentials } = await convertr();
		const result = await harness.run({
			nodeType: publisherNode,
			parameters: leadParameters({ email: '={{$json.email}}' }, {}, [
				{ id: 'email', required: true },
			]),
			items: leads(120).map((item, i) => (i === 100 ? { email: '' } : item)),
			credentials,
		});
		expect(result.error?.message).toBe(
			'Item 100: field "email" (form[email]) is required by the form but has no value',
		);
		expect(fake.leadPosts()).toHaveLength(0);
	});

	test('without the option nothing is remembered', async () => {
		const { fake, harness, credentials } = await convertr();
		for (let i = 0; i < 2; i++) {
			await harness.run({
				nodeType: publisherNode,
				parameters: leadParameters({ email: '={{$json.email}}' }),
				items: leads(3),
				credentials,
			});
		}
		expect(fake.leads).toHaveLength(6);
		expect(deduplicationStore.entries(harness.workflowId, 'node')).toBe(0);
	});
});

describe('Kartra: actions and Create or Update', () => {
	test('points given in a run that failed part-way are not given again by the retry', async () => {
		const setup = await kartraSetup();
		stops.push(() => setup.fake.stop());
		const { fake, harness, credentials } = setup;
		for (const { email } of leads(6)) seedLead(fake, email);
		const parameters = {
			resource: 'points',
			operation: 'give',
			email: '={{$json.email}}',
			points: 5,
			options: { concurrency: 1 },
			...skipping(),
		};
		// lead 3 does not exist in this account: the run stops there (Kartra's 243 acts on nothing)
		const items = [...leads(3), { email: 'missing@example.com' }, ...leads(6).slice(3)];
		const first = await harness.run({ nodeType: kartraNode, parameters, items, credentials });
		expect(first.error?.message).toMatch(/type 243/);
		seedLead(fake, 'missing@example.com');
		const second = await harness.run({ nodeType: kartraNode, parameters, items, credentials });
		expect(second.error).toBeUndefined();
		expect(reasons(second.items)).toEqual([
			'already delivered',
			'already delivered',
			'already delivered',
			'sent',
			'sent',
			'sent',
			'sent',
		]);
		expect(fake.leads.map((l) => [l.email, l.points])).toEqual([
			...leads(6).map(({ email }) => [email, 5]),
			['missing@example.com', 5],
		]);
	});

	test('Create or Update: the same data again is skipped, changed data goes through', async () => {
		const setup = await kartraSetup();
		stops.push(() => setup.fake.stop());
		const { fake, harness, credentials } = setup;
		const parameters = (name: string) => ({
			resource: 'lead',
			operation: 'upsert',
			email: '={{$json.email}}',
			leadFields: { first_name: name },
			...skipping(),
		});
		await harness.run({
			nodeType: kartraNode,
			parameters: parameters('Ada'),
			items: leads(2),
			credentials,
		});
		const same = await harness.run({
			nodeType: kartraNode,
			parameters: parameters('Ada'),
			items: leads(2),
			credentials,
		});
		expect(reasons(same.items)).toEqual(['already delivered', 'already delivered']);
		const changed = await harness.run({
			nodeType: kartraNode,
			parameters: parameters('Grace'),
			items: leads(2),
			credentials,
		});
		expect(reasons(changed.items)).toEqual(['sent', 'sent']);
		expect(fake.leads.map((l) => l.fields.first_name)).toEqual(['Grace', 'Grace']);
		expect(fake.calls).toHaveLength(6);
	});
});

describe('Convert Event → Track Conversion (batched)', () => {
	test('a batch refused with 400 stops the run; the retry sends only what was not recorded, no conversion counted twice', async () => {
		const setup = await convertSetup();
		stops.push(() => setup.fake.stop());
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: (r: RecordedRequest) => r.rawBody.includes('"visitor-25"'),
			times: 1,
			answer: { status: 400, body: { code: 400, message: 'Goal not found in project' } },
		});
		const parameters = {
			resource: 'event',
			operation: 'trackConversion',
			visitorId: '={{$json.visitor}}',
			goalId: '100300',
			goalData: { transactionId: '={{ "T-" + $json.n }}' },
			options: { batchSize: 10, batchConcurrency: 1 },
			...skipping(),
		};
		const items = Array.from({ length: 40 }, (_, n) => ({ visitor: `visitor-${n}`, n }));
		const first = await harness.run({ nodeType: convertNode, parameters, items, credentials });
		expect(first.error?.message).toMatch(/Goal not found in project/);
		expect(fake.events).toHaveLength(20);
		const second = await harness.run({ nodeType: convertNode, parameters, items, credentials });
		expect(second.error).toBeUndefined();
		expect(reasons(second.items)).toEqual([
			...Array(20).fill('already delivered'),
			...Array(20).fill('sent'),
		]);
		expect(fake.events).toHaveLength(40);
		expect(new Set(fake.events.map((e) => e.visitorId)).size).toBe(40);
	});
});

describe("Convert Track Conversion: what counts once, as Convert's SDKs count conversions", () => {
	/** One conversion of visitor-1 to goal 100300 with a Transaction ID, run with Skip Already Delivered */
	async function conversions(options: Record<string, unknown> = {}, typeVersion?: number) {
		const setup = await convertSetup();
		stops.push(() => setup.fake.stop());
		const run = async (transactionId: string) =>
			reasons(
				(
					await setup.harness.run({
						nodeType: convertNode,
						typeVersion,
						parameters: {
							resource: 'event',
							operation: 'trackConversion',
							visitorId: 'visitor-1',
							goalId: '100300',
							goalData: { amount: 49, transactionId },
							options,
							...skipping(),
						},
						items: [{}],
						credentials: setup.credentials,
					})
				).items,
			)[0];
		return { fake: setup.fake, run };
	}

	test("a visitor's goal is reported once: a second transaction of it is skipped (version 1.3)", async () => {
		const { fake, run } = await conversions();
		expect([await run('T-1'), await run('T-2')]).toEqual(['sent', 'already delivered']);
		expect(fake.events).toHaveLength(1);
	});

	test('with Force Multiple Transactions each transaction is reported once: T-2 goes, T-2 again does not', async () => {
		const { fake, run } = await conversions({ forceMultipleTransactions: true });
		expect([await run('T-1'), await run('T-2'), await run('T-2')]).toEqual([
			'sent',
			'sent',
			'already delivered',
		]);
		expect(fake.events).toHaveLength(2);
	});

	test('version 1.2 keeps counting once per transaction ID', async () => {
		const { fake, run } = await conversions({}, 1.2);
		expect([await run('T-1'), await run('T-2')]).toEqual(['sent', 'sent']);
		expect(fake.events).toHaveLength(2);
	});
});

describe('A skipped item keeps the chain: the next node reads what it read on the first run', () => {
	/** The node run twice over the same items with Skip Already Delivered: the second run's first item */
	const skippedAfter = async (
		setup: Awaited<ReturnType<typeof kartraSetup>> | Awaited<ReturnType<typeof convertSetup>>,
		nodeType: INodeType,
		parameters: Record<string, unknown>,
		items: Array<Record<string, unknown>>,
	) => {
		stops.push(() => setup.fake.stop());
		const run = async () =>
			await setup.harness.run({
				nodeType,
				parameters: { ...parameters, ...skipping() },
				items,
				credentials: setup.credentials,
			});
		await run();
		return (await run()).items[0].json;
	};

	test('Convertr: the fields sent, the form and link, and the input fields; no lead ID of its own', async () => {
		const { run } = await convertr();
		const input = [{ email: 'lead0@example.com', leadId: 'from-the-input', source: 'webinar' }];
		const first = await run(input);
		const second = await run(input);
		expect(second.items.map((i) => i.json)).toEqual([
			{
				email: 'lead0@example.com',
				source: 'webinar',
				leadId: null,
				formId: first.items[0].json.formId,
				linkId: first.items[0].json.linkId,
				fields: first.items[0].json.fields,
				skipped: true,
				reason: 'already delivered',
				deliveryKey: expect.any(String),
			},
		]);
	});

	test('Kartra Create or Update: the email and the input fields', async () => {
		const skipped = await skippedAfter(
			await kartraSetup(),
			kartraNode,
			{ resource: 'lead', operation: 'upsert', email: '={{$json.fields.email}}' },
			[{ fields: { email: 'lead0@example.com' } }],
		);
		expect(skipped).toEqual({
			fields: { email: 'lead0@example.com' },
			leadId: null,
			email: 'lead0@example.com',
			skipped: true,
			reason: 'already delivered',
			deliveryKey: expect.any(String),
		});
	});

	test('Convert Track Conversion: the visitor, goal and goal data it reported', async () => {
		const skipped = await skippedAfter(
			await convertSetup(),
			convertNode,
			{
				resource: 'event',
				operation: 'trackConversion',
				visitorId: '={{$json.visitor}}',
				goalId: '100300',
			},
			[{ visitor: 'visitor-1', email: 'lead0@example.com' }],
		);
		expect(skipped).toEqual({
			visitor: 'visitor-1',
			email: 'lead0@example.com',
			visitorId: 'visitor-1',
			eventType: 'conversion',
			goalId: '100300',
			skipped: true,
			reason: 'already delivered',
			deliveryKey: expect.any(String),
		});
	});
});
