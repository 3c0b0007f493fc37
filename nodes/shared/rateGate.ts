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

/**
 * A minimum spacing between request starts, for APIs with a per-second limit: `acquire()` resolves when the
 * next call may start, so N concurrent workers still stay under the rate. Callers are served one after the
 * other and the spacing is measured from the previous caller's actual start, so a stalled event loop cannot
 * release several waiters at once (which booked time slots would do).
 */
export class RateSpacer {
	private lastStart = Number.NEGATIVE_INFINITY;

	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly intervalMs: number,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Waits for this caller's turn and returns the start it was granted: at least the interval after the previous
	 * grant. (A caller descheduled by the OS after its grant may still start late, next to the following caller;
	 * the spacing holds between grants, which is what keeps the rate.)
	 */
	async acquire(): Promise<number> {
		const turn = this.queue.then(async () => {
			for (
				let wait = this.lastStart + this.intervalMs - this.now();
				wait > 0;
				wait = this.lastStart + this.intervalMs - this.now()
			) {
				await sleep(wait);
			}
			this.lastStart = this.now();
			return this.lastStart;
		});
		this.queue = turn.then(() => undefined);
		return await turn;
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
