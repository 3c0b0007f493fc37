import fc from 'fast-check';

import { WorkPool, mapWithConcurrency } from '../../nodes/shared/concurrency';
import { RateGate, RollingWindowPacer, parseRetryAfter } from '../../credentials/common/rateGate';
import { retryDelay } from '../../credentials/common/retryPolicy';
import { readHttpFailure, redactSecrets } from '../../credentials/common/httpFailure';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('property: results keep input order and never exceed the limit in flight', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
			fc.integer({ min: 1, max: 9 }),
			async (delays, limit) => {
				let inFlight = 0;
				let peak = 0;
				const out = await mapWithConcurrency(delays, limit, async (d, i) => {
					peak = Math.max(peak, ++inFlight);
					await tick(d);
					inFlight--;
					return i * 2;
				});
				expect(out).toEqual(delays.map((_, i) => i * 2));
				expect(peak).toBeLessThanOrEqual(limit);
			},
		),
		{ numRuns: 60 },
	);
});

test('after a failure no new task starts, running ones finish, the first error is thrown', async () => {
	const started: number[] = [];
	let finished = 0;
	await expect(
		mapWithConcurrency([0, 1, 2, 3, 4, 5, 6, 7], 2, async (_v, i) => {
			started.push(i);
			await tick(i === 1 ? 1 : 10);
			if (i === 1) throw new Error('boom');
			finished++;
			return i;
		}),
	).rejects.toThrow('boom');
	expect(started).toEqual([0, 1]);
	expect(finished).toBe(1);
});

test('rate gate makes every waiter wait for the pause (its own clock: no wall time asserted)', async () => {
	let now = 0;
	const gate = new RateGate(() => now);
	gate.pause(60);
	gate.pause(20); // never shortens a pause
	let released = 0;
	const waiters = [gate.wait(), gate.wait()].map(async (w) => {
		await w;
		released++;
	});
	now = 59;
	// longer than the waiters' first sleep: they have looked at the clock again and keep waiting
	await tick(80);
	expect(released).toBe(0);
	now = 60;
	await Promise.all(waiters);
	expect(released).toBe(2);
});

describe('rolling-window pacer (20 calls a second, as Kartra counts them)', () => {
	afterEach(() => jest.useRealTimers());

	test('a call starts a window after the end of the call `limit` before it, or window + slack after its start', async () => {
		let now = 0;
		const pacer = new RollingWindowPacer(3, 100, 20, () => now);
		const granted: string[] = [];
		const ends = [await pacer.acquire(), await pacer.acquire(), await pacer.acquire()];
		// three calls start back to back; the fourth and fifth wait for the first and second
		const fourth = pacer.acquire().then((end) => (granted.push('fourth'), end));
		const fifth = pacer.acquire().then((end) => (granted.push('fifth'), end));
		now = 10;
		ends[0]();
		now = 109;
		await tick(5);
		expect(granted).toEqual([]);
		now = 110;
		await fourth;
		expect(granted).toEqual(['fourth']);
		// the second call never answers: the fifth starts 100 + 20 after its start
		now = 119;
		await tick(5);
		expect(granted).toEqual(['fourth']);
		now = 120;
		await fifth;
		expect(granted).toEqual(['fourth', 'fifth']);
	});

	test('an answer coming back while a caller waits lets it start at once', async () => {
		let now = 0;
		const pacer = new RollingWindowPacer(1, 100, 1_000_000, () => now);
		const first = await pacer.acquire();
		let started = false;
		const second = pacer.acquire().then(() => (started = true));
		now = 150;
		await tick(5);
		expect(started).toBe(false);
		// answered now: it ended at 150, so the next may start at 250
		first();
		now = 249;
		await tick(5);
		expect(started).toBe(false);
		now = 250;
		await second;
		expect(started).toBe(true);
	});

	test('property: however the calls take and arrive, no rolling window counts more than the limit', async () => {
		jest.useFakeTimers({ now: 0 });
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						// round trip of the call, and where in it the server counted the call (0 = as it left, 1 = as
						// its answer left the server)
						roundTrip: fc.integer({ min: 0, max: 900 }),
						at: fc.double({ min: 0, max: 1, noNaN: true }),
					}),
					{ minLength: 1, maxLength: 60 },
				),
				fc.integer({ min: 1, max: 12 }),
				async (calls, workers) => {
					const limit = 5;
					const windowMs = 1000;
					// Kartra's: a call sent late by a busy machine (hundreds of ms after its grant) is still kept apart
					const slackMs = 4000;
					const pacer = new RollingWindowPacer(limit, windowMs, slackMs);
					const arrivals: number[] = [];
					const starts: number[] = [];
					let next = 0;
					const worker = async () => {
						while (next < calls.length) {
							const call = calls[next++];
							const end = await pacer.acquire();
							const start = Date.now();
							starts.push(start);
							// the server counts the call anywhere between its start and its answer
							const lag = call.roundTrip * call.at;
							arrivals.push(start + lag);
							await new Promise((resolve) => setTimeout(resolve, call.roundTrip));
							end();
						}
					};
					const done = Promise.all(Array.from({ length: workers }, worker));
					let finished = false;
					void done.then(() => (finished = true));
					while (!finished) await jest.advanceTimersByTimeAsync(7);
					await done;
					expect(arrivals).toHaveLength(calls.length);
					expect(starts).toEqual([...starts].sort((a, b) => a - b));
					const sorted = [...arrivals].sort((a, b) => a - b);
					for (let i = limit; i < sorted.length; i++) {
						expect(sorted[i] - sorted[i - limit]).toBeGreaterThanOrEqual(windowMs);
					}
				},
			),
			{ numRuns: 40 },
		);
	});

	test('fast answers: a full window of calls every window plus one round trip', async () => {
		jest.useFakeTimers({ now: 0 });
		const pacer = new RollingWindowPacer(20, 1000, 120);
		const starts: number[] = [];
		const worker = async () => {
			for (let i = 0; i < 25; i++) {
				const end = await pacer.acquire();
				starts.push(Date.now());
				await new Promise((resolve) => setTimeout(resolve, 20));
				end();
			}
		};
		const done = Promise.all([worker(), worker(), worker(), worker()]);
		await jest.advanceTimersByTimeAsync(10_000);
		await done;
		// 100 calls: 20 in the first 100 ms, then each window's 20 start 1,000 ms after the previous window's answers
		expect(starts).toHaveLength(100);
		expect(starts[19]).toBeLessThan(100);
		expect(starts[20]).toBe(1020);
		expect(starts[99]).toBeLessThan(4 * 1020 + 100);
	});
});

test('Retry-After in seconds and as a date', () => {
	expect(parseRetryAfter('3')).toBe(3000);
	expect(parseRetryAfter(['1.5'])).toBe(1500);
	expect(
		parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
	).toBe(5000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});

describe('retry policy: a request that creates something is repeated only when the server cannot have acted', () => {
	const failure = (status?: number, networkCode?: string, message = '') => ({
		status,
		networkCode,
		message,
		headers: {},
		tokenExchange: false,
	});
	const create = { idempotent: false, attempt: 0, rateLimitWindowMs: 300_000 };
	const read = { ...create, idempotent: true };
	test.each([
		[429, undefined, 1000, 1000],
		[503, undefined, 1000, 1000],
		[undefined, 'ECONNREFUSED', 500, 500],
		[500, undefined, undefined, 1000],
		[502, undefined, undefined, 1000],
		[504, undefined, undefined, 1000],
		[undefined, 'ECONNRESET', undefined, 1000],
		[undefined, 'ECONNABORTED', undefined, 1000],
		[400, undefined, undefined, undefined],
		[401, undefined, undefined, undefined],
		[403, undefined, undefined, undefined],
		[404, undefined, undefined, undefined],
	])('status %s / %s: create → %s, read → %s', (status, code, forCreate, forRead) => {
		expect(retryDelay(failure(status, code), create)).toBe(forCreate);
		expect(retryDelay(failure(status, code), read)).toBe(forRead);
	});
	test('429 honours Retry-After and gives up after 8 tries', () => {
		expect(retryDelay({ ...failure(429), headers: { 'retry-after': '7' } }, create)).toBe(7000);
		expect(retryDelay(failure(429), { ...create, attempt: 20 })).toBeUndefined();
		expect(retryDelay(failure(429), { ...create, attempt: 7 })).toBe(128_000);
		expect(retryDelay(failure(503), { ...create, attempt: 3 })).toBeUndefined();
	});
});

test('readHttpFailure walks the cause chain and keeps nothing of the request', () => {
	const axiosLike = Object.assign(new Error('Request failed with status code 403'), {
		config: { url: 'https://x/?access_token=SECRET' },
		response: {
			status: 403,
			data: { code: 403, message: 'Campaign is fulfilled' },
			headers: { 'Retry-After': '1' },
		},
	});
	const wrapped = new Error('wrapped', { cause: axiosLike });
	expect(readHttpFailure(wrapped)).toEqual({
		status: 403,
		body: { code: 403, message: 'Campaign is fulfilled' },
		headers: { 'retry-after': '1' },
		message: 'wrapped',
		tokenExchange: false,
	});
	expect(
		readHttpFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
			.networkCode,
	).toBe('ECONNREFUSED');
});

test('redactSecrets removes secrets, their URL forms and any token in a query string', () => {
	expect(
		redactSecrets('GET /x?access_token=abc123&y=1 key=p@ss w0rd p%40ss%20w0rd', ['p@ss w0rd']),
	).toBe('GET /x?access_token=[redacted]&y=1 key=[redacted] [redacted]');
});

test('property: a work pool starts tasks in the order added, never more than its limit at once, none after a failure', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.record({ ms: fc.integer({ min: 0, max: 3 }), fails: fc.boolean() }), {
				maxLength: 30,
			}),
			fc.integer({ min: 1, max: 6 }),
			async (tasks, limit) => {
				const pool = new WorkPool(limit);
				const startedOrder: number[] = [];
				/** what happened, in order: a start, or the end of a failing task */
				const events: string[] = [];
				let inFlight = 0;
				let peak = 0;
				for (const [i, task] of tasks.entries()) {
					// add in steps, as the runner does between windows
					if (i % 5 === 0) await pool.room(limit);
					pool.add(async () => {
						startedOrder.push(i);
						events.push('start');
						peak = Math.max(peak, ++inFlight);
						await tick(task.ms);
						inFlight--;
						if (task.fails) {
							events.push('failed');
							throw new Error(`task ${i}`);
						}
					});
				}
				const failure = await pool.settle();
				expect(inFlight).toBe(0);
				expect(peak).toBeLessThanOrEqual(limit);
				expect(startedOrder).toEqual([...startedOrder].sort((a, b) => a - b));
				const failedStarted = startedOrder.filter((i) => tasks[i].fails);
				if (failedStarted.length === 0) {
					expect(failure).toBeUndefined();
					expect(startedOrder).toHaveLength(tasks.length);
				} else {
					expect(String((failure?.error as Error).message)).toMatch(/^task \d+$/);
					// once a task has failed, nothing new starts
					expect(events.slice(events.indexOf('failed'))).not.toContain('start');
				}
			},
		),
		{ numRuns: 60 },
	);
});
