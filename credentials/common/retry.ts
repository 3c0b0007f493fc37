import { sleep } from 'n8n-workflow';

import { type HttpFailure, readHttpFailure } from './httpFailure';
import type { RateGate, RollingWindowPacer } from './rateGate';
import { retryDelay } from './retryPolicy';

export interface RetryLoop {
	/** False for requests that create something: repeated only when the server cannot have acted on them */
	idempotent: boolean;
	rateLimitWindowMs: number;
	gate?: RateGate;
	pacer?: RollingWindowPacer;
	/** Failures never asked again, whatever the status (a refused credential) */
	isFinal?(failure: HttpFailure): boolean;
	/** The error to throw at once for a failure that is not an HTTP one (a wrong node setting), if any */
	notHttp?(error: unknown): Error | undefined;
	/** The error to throw once the request is not asked again */
	giveUp(failure: HttpFailure, attempts: number): Error;
}

/**
 * The one retry loop of the package: waits for the rate gate and the pacer, sends, and on a failure asks the retry
 * policy whether (and after how long) the request may be sent again. A 429 pauses every request of the execution.
 */
export async function withRetries<T>(
	send: () => Promise<T>,
	loop: RetryLoop,
): Promise<{ value: T; attempts: number }> {
	for (let attempt = 0; ; attempt++) {
		await loop.gate?.wait();
		const ended = await loop.pacer?.acquire();
		try {
			const value = await send();
			ended?.();
			return { value, attempts: attempt + 1 };
		} catch (error) {
			// the answer (or failure) is back: the pacer counts from here, before any wait below
			ended?.();
			const immediate = loop.notHttp?.(error);
			if (immediate) throw immediate;
			const failure = readHttpFailure(error);
			const delay =
				failure.tokenExchange || loop.isFinal?.(failure)
					? undefined
					: retryDelay(failure, {
							idempotent: loop.idempotent,
							attempt,
							rateLimitWindowMs: loop.rateLimitWindowMs,
						});
			if (delay === undefined) throw loop.giveUp(failure, attempt + 1);
			if (failure.status === 429 && loop.gate) loop.gate.pause(delay);
			else await sleep(delay);
		}
	}
}
