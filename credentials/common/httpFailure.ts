import { defineOwn } from './ownKeys';

/**
 * What went wrong with one HTTP exchange, read out of whatever n8n's request helper threw, with nothing of the
 * request kept (its URL and headers may carry a token, so they are never copied). n8n 2.x throws a NodeApiError whose
 * cause is the axios error (status, body, headers). n8n 1.x throws a NodeApiError without it (its constructor drops
 * the cause): there the status is `httpCode`, a JSON body is `context.data`, the response headers are gone (a
 * Retry-After is not known: the request loop's own waits apply), and the network error's code is in `messages`.
 */
export interface HttpFailure {
	/** HTTP status, when the server answered */
	status?: number;
	/** Parsed (or raw text) response body, when the server answered */
	body?: unknown;
	/** Response headers, lower-case names */
	headers: Record<string, unknown>;
	/** Network-level error code (ECONNREFUSED, ECONNRESET, ECONNABORTED, ETIMEDOUT…), when there was no answer */
	networkCode?: string;
	/** The low-level message, for the no-answer case */
	message: string;
	/** True when the credential's token exchange failed (preAuthentication), not the request itself */
	tokenExchange: boolean;
	/** True for a 2xx answer that could not be read as the API's answer (asked again where that is harmless) */
	unreadable?: boolean;
}

/** Name given to the errors a credential's token exchange throws, so transports can tell them apart. */
export const TOKEN_EXCHANGE_ERROR = 'TokenExchangeError';

/** Name of the error thrown for a 2xx answer that is not the API's answer (see `HttpFailure.unreadable`). */
export const UNREADABLE_ANSWER = 'UnreadableAnswer';

interface ErrorLike {
	name?: unknown;
	message?: unknown;
	code?: unknown;
	cause?: unknown;
	response?: { status?: unknown; data?: unknown; headers?: unknown };
	/** n8n's NodeApiError: the HTTP status as text, the JSON body it read, the messages it wrapped */
	httpCode?: unknown;
	context?: { data?: unknown };
	messages?: unknown;
}

/**
 * A network error's code in a message ("connect ECONNREFUSED 127.0.0.1:80"; axios's "timeout of 3000ms exceeded" is
 * its ECONNABORTED): the text is cut before it is read.
 */
function networkCodeIn(text: string): string | undefined {
	const head = text.slice(0, 300);
	if (/^timeout of \d+ms exceeded/.test(head)) return 'ECONNABORTED';
	return /\b(E[A-Z]{2,}(?:_[A-Z]+)*)\b/.exec(head)?.[1];
}

function asErrorLike(value: unknown): ErrorLike | undefined {
	return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/**
 * The message of an error this package threw, as written: n8n's NodeApiError around it rewrites its `message` when the
 * text names a network code (ECONNREFUSED → "The service refused the connection…") and keeps the original first in
 * `messages`.
 */
function ownMessage(error: ErrorLike): string {
	const original = Array.isArray(error.messages) ? (error.messages as unknown[])[0] : undefined;
	return typeof original === 'string' ? original : String(error.message);
}

export function readHttpFailure(error: unknown): HttpFailure {
	// Walk the cause chain (NodeApiError → axios error) to the error that holds the response.
	let current = asErrorLike(error);
	const seen = new Set<unknown>();
	let networkCode: string | undefined;
	let message = '';
	/** n8n 1.x: the status and body its NodeApiError kept, and the messages it wrapped */
	let status: number | undefined;
	let body: unknown;
	const wrapped: string[] = [];
	while (current && !seen.has(current)) {
		seen.add(current);
		// the name on n8n 2.x; on n8n 1.x, whose NodeApiError keeps neither name nor cause, the `httpCode` mark
		if (current.name === TOKEN_EXCHANGE_ERROR || current.httpCode === TOKEN_EXCHANGE_ERROR) {
			return { headers: {}, message: ownMessage(current), tokenExchange: true };
		}
		if (current.name === UNREADABLE_ANSWER || current.httpCode === UNREADABLE_ANSWER) {
			return {
				headers: {},
				message: ownMessage(current),
				tokenExchange: false,
				unreadable: true,
			};
		}
		if (!message && typeof current.message === 'string') message = current.message;
		if (current.response && typeof current.response.status === 'number') {
			const headers: Record<string, unknown> = {};
			const raw = asErrorLike(current.response.headers) as Record<string, unknown> | undefined;
			if (raw) for (const [k, v] of Object.entries(raw)) defineOwn(headers, k.toLowerCase(), v);
			return {
				status: current.response.status,
				body: current.response.data,
				headers,
				message,
				tokenExchange: false,
			};
		}
		if (!networkCode && typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) {
			networkCode = current.code;
		}
		if (status === undefined && typeof current.httpCode === 'string') {
			const code = Number(current.httpCode);
			if (/^[1-5]\d\d$/.test(current.httpCode)) {
				status = code;
				body = current.context?.data;
			}
		}
		if (Array.isArray(current.messages))
			for (const text of current.messages.slice(0, 5))
				if (typeof text === 'string') wrapped.push(text.slice(0, 300));
		current = asErrorLike(current.cause);
	}
	if (status !== undefined)
		return { status, body, headers: {}, message: wrapped[0] ?? message, tokenExchange: false };
	for (const text of wrapped) networkCode ??= networkCodeIn(text);
	return { headers: {}, networkCode, message, tokenExchange: false };
}

/** True when the request surely never reached the server's application, so sending it again cannot duplicate anything. */
export function neverReachedServer(failure: HttpFailure): boolean {
	return (
		failure.status === undefined &&
		(failure.networkCode === 'ECONNREFUSED' ||
			failure.networkCode === 'ENOTFOUND' ||
			failure.networkCode === 'EAI_AGAIN')
	);
}

/**
 * Whether the server may have acted on a request that failed: a timeout, a dropped connection or a 5xx may come
 * after the write was made; a refused connection, a 4xx, a 429 or a 503 say it was not made.
 */
export function failureMayHaveActed(
	failure: Pick<HttpFailure, 'status' | 'networkCode' | 'tokenExchange'>,
): boolean {
	if (failure.tokenExchange) return false;
	if (failure.status === undefined) return !neverReachedServer(failure as HttpFailure);
	if (failure.status === 429 || failure.status === 503) return false;
	return failure.status >= 500;
}

export function isTimeout(failure: HttpFailure): boolean {
	return (
		failure.status === undefined &&
		(failure.networkCode === 'ECONNABORTED' ||
			failure.networkCode === 'ETIMEDOUT' ||
			/timeout/i.test(failure.message))
	);
}

/** Replaces every occurrence of the given secrets (and their URL-encoded forms) in a text. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			result = result.split(form).join('[redacted]');
		}
	}
	// A token in a query string is redacted whatever its value.
	return result.replace(
		/(access_token|api_key|client_secret|api_password|password)=([^&\s"']+)/gi,
		'$1=[redacted]',
	);
}

/** Deepest level of a server's answer copied into an error: answers worth reading are shallow */
const MAX_COPY_DEPTH = 32;

/**
 * Deep copy of a JSON-like value with every string redacted. Keys are copied as own entries (a `__proto__` key of a
 * server's answer sets no prototype), and levels below {@link MAX_COPY_DEPTH} are left out.
 */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>, depth = 0): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (depth >= MAX_COPY_DEPTH && typeof value === 'object' && value !== null) return undefined as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, depth + 1)) as T;
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value))
			defineOwn(out, k, redactDeep(v, secrets, depth + 1));
		return out as T;
	}
	return value;
}

/** A body that may be JSON text: parsed when it is, as given otherwise. */
export function parseJsonLoose(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

/** The readable text of an HTML or plain-text answer (an error page), tags and runs of spaces removed, shortened. */
export function pageText(text: string, maxLength = 200): string {
	// only the start of a page is read: a huge page is cut before any pattern runs over it, and tags are found with
	// indexOf (a `<` with no `>` after it ends the search), so the time is linear in what is read
	const head = text.slice(0, Math.max(4_000, maxLength * 20));
	let readable = '';
	let from = 0;
	while (from < head.length) {
		const open = head.indexOf('<', from);
		const close = open === -1 ? -1 : head.indexOf('>', open + 1);
		if (close === -1) {
			readable += head.slice(from);
			break;
		}
		readable += `${head.slice(from, open)} `;
		from = close + 1;
	}
	return readable.replace(/\s+/g, ' ').trim().slice(0, maxLength);
}
