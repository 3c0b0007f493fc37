import { type HttpFailure, isTimeout, neverReachedServer } from './httpFailure';
import { parseRetryAfter } from './rateGate';

export interface RetryOptions {
	/** True for reads: any transient failure may be retried. False for requests that create something. */
	idempotent: boolean;
	/** Attempts already made that failed (0 after the first failure) */
	attempt: number;
	/** Longest wait on a rate limit when the server gives no Retry-After, in ms (the API's window) */
	rateLimitWindowMs: number;
}

const MAX_RATE_LIMIT_RETRIES = 8;
const MAX_TRANSIENT_RETRIES = 3;

function backoff(attempt: number, baseMs: number, capMs: number): number {
	return Math.min(capMs, baseMs * 2 ** attempt);
}

/**
 * How long to wait before sending a failed request again, or undefined when it must not be sent again.
 *
 * A request that creates something is repeated only when the server cannot have acted on it:
 * 429 (rejected by the rate limiter), 503 (refused before processing) and a connection that was never
 * opened. A timeout, a reset connection or another 5xx may come after the server stored the record, so
 * those are retried for reads only.
 */
export function retryDelay(failure: HttpFailure, options: RetryOptions): number | undefined {
	const { attempt, idempotent } = options;
	if (failure.status === 429) {
		if (attempt >= MAX_RATE_LIMIT_RETRIES) return undefined;
		return (
			parseRetryAfter(failure.headers['retry-after']) ??
			backoff(attempt, 1000, options.rateLimitWindowMs)
		);
	}
	if (attempt >= MAX_TRANSIENT_RETRIES) return undefined;
	if (failure.status === 503) {
		return parseRetryAfter(failure.headers['retry-after']) ?? backoff(attempt, 1000, 30_000);
	}
	if (neverReachedServer(failure)) return backoff(attempt, 500, 10_000);
	if (!idempotent) return undefined;
	if (failure.unreadable) return backoff(attempt, 1000, 30_000);
	if (failure.status === 500 || failure.status === 502 || failure.status === 504) {
		return backoff(attempt, 1000, 30_000);
	}
	if (
		failure.status === undefined &&
		(isTimeout(failure) ||
			failure.networkCode === 'ECONNRESET' ||
			/socket hang up/i.test(failure.message))
	) {
		return backoff(attempt, 1000, 30_000);
	}
	return undefined;
}
