import { sleep } from 'n8n-workflow';

/**
 * A pause shared by all requests of one execution: when the API says "too many requests", every
 * worker waits until the window reopens instead of each hammering the API on its own schedule.
 */
export class RateGate {
	private resumeAt = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** Closes the gate for `ms` from now (never shortens an existing pause). */
	pause(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, this.now() + ms);
	}

	/** Resolves once the gate is open. */
	async wait(): Promise<void> {
		for (let delay = this.resumeAt - this.now(); delay > 0; delay = this.resumeAt - this.now()) {
			await sleep(delay);
		}
	}
}

/** One call the pacer let start: when, and when its answer (or failure) came back. */
interface PacedCall {
	start: number;
	end?: number;
	ended: Promise<void>;
	markEnded: () => void;
}

/**
 * At most `limit` calls in any `windowMs`, for an API that counts calls as they arrive in a rolling window (Kartra:
 * 20 a second). A call arrives somewhere between its start and its end (when its answer or failure came back), so a
 * call that starts `windowMs` after the end of the call `limit` places before it can never be counted with that
 * one, however the network and a busy machine delay either: that rule can never draw a 429. A call still unanswered
 * `windowMs + slackMs` after its start stops holding the later ones back (a call that hangs until its timeout would
 * otherwise stall every `limit`-th call behind it). Up to `limit` calls may start back to back: the API allows them
 * in one window, and spacing them evenly would only lose time.
 *
 * `acquire()` resolves when a call may start, in the order the callers asked, and gives the function to call once the
 * call has ended (answered or failed).
 */
export class RollingWindowPacer {
	/** The last `limit` calls granted, oldest first */
	private readonly recent: PacedCall[] = [];

	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly slackMs: number,
		private readonly now: () => number = Date.now,
	) {}

	/** When the pacer last granted a call or saw one end (0: never used) */
	lastActive(): number {
		let last = 0;
		for (const call of this.recent) last = Math.max(last, call.end ?? call.start);
		return last;
	}

	/** Whether a granted call has not ended yet */
	busy(): boolean {
		return this.recent.some((call) => call.end === undefined);
	}

	async acquire(): Promise<() => void> {
		const turn = this.queue.then(async () => await this.grant());
		this.queue = turn.then(() => undefined);
		return await turn;
	}

	private async grant(): Promise<() => void> {
		if (this.recent.length >= this.limit) {
			const earlier = this.recent[this.recent.length - this.limit];
			for (;;) {
				const byStart = earlier.start + this.windowMs + this.slackMs;
				const open = Math.min(
					earlier.end === undefined ? byStart : earlier.end + this.windowMs,
					byStart,
				);
				const wait = open - this.now();
				if (wait <= 0) break;
				if (earlier.end !== undefined) {
					await sleep(wait);
					continue;
				}
				// its end coming back moves the opening earlier: wake for it too, and drop the timer then
				const stop = new AbortController();
				await Promise.race([earlier.ended, sleep(wait, stop.signal).catch(() => undefined)]);
				stop.abort();
			}
		}
		let markEnded = () => {};
		const ended = new Promise<void>((resolve) => (markEnded = resolve));
		const call: PacedCall = { start: this.now(), ended, markEnded };
		this.recent.push(call);
		if (this.recent.length > this.limit) this.recent.shift();
		return () => {
			if (call.end !== undefined) return;
			call.end = this.now();
			call.markEnded();
		};
	}
}

/** Reads a `Retry-After` header (seconds or an HTTP date) as milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
