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
 * A minimum spacing between request starts, for APIs with a per-second limit:
 * `acquire()` resolves when the next call may start, so N concurrent workers still stay under the rate.
 */
export class RateSpacer {
	private nextSlot = 0;

	constructor(
		private readonly intervalMs: number,
		private readonly now: () => number = Date.now,
	) {}

	async acquire(): Promise<void> {
		const current = this.now();
		const slot = Math.max(current, this.nextSlot);
		this.nextSlot = slot + this.intervalMs;
		if (slot > current) await sleep(slot - current);
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
