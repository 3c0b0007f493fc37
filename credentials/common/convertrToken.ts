import { createHash } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	type HttpFailure,
	pageText,
	redactSecrets,
	TOKEN_EXCHANGE_ERROR,
	UNREADABLE_ANSWER,
} from './httpFailure';
import { withRetries } from './retry';
import { withoutTrailingSlashes } from './url';

export const CONVERTR_API_KEY_GRANT = 'https://convertr.cvtr.io/grants/api_key';

/** Convertr allows 100 token requests per rolling 5 minutes: the longest wait on its 429 without Retry-After. */
const TOKEN_RATE_WINDOW_MS = 5 * 60 * 1000;
const TOKEN_TIMEOUT_MS = 30_000;

/** OAuth error codes that mean the credential's own values were refused: asking again cannot help. */
const CREDENTIAL_ERRORS = new Set([
	'invalid_client',
	'invalid_grant',
	'unauthorized_client',
	'unsupported_grant_type',
	'invalid_request',
	'access_denied',
]);

/** `https://{enterprise}.cvtr.io`, or the override (tests, proxies, staging), without a trailing slash. */
export function convertrBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const override = String(credentials.baseUrl ?? '').trim();
	if (override !== '') return withoutTrailingSlashes(override);
	const enterprise = String(credentials.enterprise ?? '').trim();
	if (!/^[a-z0-9][a-z0-9-]*$/i.test(enterprise)) {
		throw new Error(
			`The enterprise subdomain "${enterprise}" is not valid: enter only the part before .cvtr.io`,
		);
	}
	return `https://${enterprise}.cvtr.io`;
}

/** Every credential value that goes into a token request, in the order of the request. */
function exchangeInputs(credentials: ICredentialDataDecryptedObject): string[] {
	const password = credentials.grantType === 'password';
	return [
		convertrBaseUrl(credentials),
		password ? 'password' : CONVERTR_API_KEY_GRANT,
		String(credentials.clientId ?? ''),
		String(credentials.clientSecret ?? ''),
		String(credentials.apiKey ?? ''),
		password ? String(credentials.username ?? '') : '',
		password ? String(credentials.password ?? '') : '',
	];
}

function tokenRequest(credentials: ICredentialDataDecryptedObject): IHttpRequestOptions {
	const [baseUrl, grantType, clientId, clientSecret, apiKey, username, password] =
		exchangeInputs(credentials);
	const url = `${baseUrl}/oauth/v2/token`;
	const common = { client_id: clientId, client_secret: clientSecret, api_key: apiKey };
	if (grantType === 'password') {
		return {
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'password',
				...common,
				username,
				password,
			}).toString(),
			json: true,
			timeout: TOKEN_TIMEOUT_MS,
		};
	}
	return {
		method: 'GET',
		url,
		qs: { grant_type: grantType, ...common },
		json: true,
		timeout: TOKEN_TIMEOUT_MS,
	};
}

/** A text as one sentence: exactly one final period (Convertr's own texts sometimes end with one). */
function sentence(text: string): string {
	let trimmed = text.trim();
	// a loop, not /\.+$/: that pattern tries every run of periods to the end, quadratic in a long one
	while (trimmed.endsWith('.')) trimmed = trimmed.slice(0, -1);
	return /[!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

interface OAuthAnswer {
	access_token?: unknown;
	error?: unknown;
	error_description?: unknown;
	message?: unknown;
}

function oauthAnswer(body: unknown): OAuthAnswer {
	if (typeof body === 'object' && body !== null) return body as OAuthAnswer;
	if (typeof body === 'string') {
		try {
			const parsed: unknown = JSON.parse(body);
			if (typeof parsed === 'object' && parsed !== null) return parsed as OAuthAnswer;
		} catch {
			return { message: pageText(body, 200) };
		}
	}
	return {};
}

/** Convertr's own words for a refusal: `error: error_description`, or its message. */
function refusalReason(body: unknown): string {
	const answer = oauthAnswer(body);
	// a sentence or two: a longer answer is cut before anything reads it
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() !== '' ? value.slice(0, 300).trim() : undefined;
	return [text(answer.error), text(answer.error_description) ?? text(answer.message)]
		.filter(Boolean)
		.join(': ');
}

/** True when the answer says the credential's values are wrong (not that the endpoint is busy or broken). */
export function refusesCredential(failure: HttpFailure): boolean {
	if (failure.status === 400 || failure.status === 401) return true;
	const code = oauthAnswer(failure.body).error;
	return typeof code === 'string' && CREDENTIAL_ERRORS.has(code);
}

export function describeTokenFailure(failure: HttpFailure, attempts: number): string {
	const reason = failure.status !== undefined ? refusalReason(failure.body) : '';
	const tries = attempts > 1 ? ` It was asked ${attempts} times.` : '';
	if (failure.unreadable)
		return `Convertr answered the token request without an access token (${attempts} times).`;
	if (failure.status !== undefined && refusesCredential(failure)) {
		return `${sentence(`Convertr refused the token request (HTTP ${failure.status})${reason ? `: ${reason}` : ''}`)} Check the client ID, client secret, API key and grant type of the credential (and the username and password for the password grant).`;
	}
	if (failure.status !== undefined) {
		const limit =
			failure.status === 429 ? ' Convertr allows 100 token requests per 5 minutes.' : '';
		return `${sentence(`Convertr's token endpoint failed (HTTP ${failure.status})${reason ? `: ${reason}` : ''}`)}${tries}${limit}`;
	}
	const code = failure.networkCode
		? ` (${failure.networkCode})`
		: /timeout/i.test(failure.message)
			? ' (timeout)'
			: '';
	return `Convertr's token endpoint could not be reached${code}.${tries} Check the enterprise subdomain or base URL.`;
}

/**
 * An error of the token exchange. Its name says so on n8n 2.x; n8n 1.x wraps it in a NodeApiError that keeps no name
 * and no cause but copies an `httpCode` it finds, so the same mark goes there too (never shown: the transport words
 * the error the user sees).
 */
function markedError(message: string, mark: string): Error {
	const error = Object.assign(new Error(message), { httpCode: mark });
	error.name = mark;
	return error;
}

function tokenExchangeError(message: string): Error {
	return markedError(message, TOKEN_EXCHANGE_ERROR);
}

/** Thrown for a 2xx answer that holds no token (a proxy's page, cut-off JSON): the exchange asks again. */
function unreadableAnswer(): Error {
	return markedError(
		'Convertr answered the token request without an access token',
		UNREADABLE_ANSWER,
	);
}

/**
 * Asks Convertr for a token. A token request changes nothing on Convertr, so a busy or failing endpoint (429,
 * 5xx, refused or dropped connections, timeouts, an unreadable answer) is asked again after a wait; an answer that
 * refuses the credential is final.
 */
async function requestToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const { value } = await withRetries(
		async () => {
			const token = oauthAnswer(
				await this.helpers.httpRequest(tokenRequest(credentials)),
			).access_token;
			if (typeof token !== 'string' || token === '') throw unreadableAnswer();
			return token;
		},
		{
			idempotent: true,
			rateLimitWindowMs: TOKEN_RATE_WINDOW_MS,
			isFinal: refusesCredential,
			// the request carried the client secret and API key: the error keeps nothing of it but status, body and
			// code, and Convertr's words lose any of the secrets it echoes
			giveUp: (failure, attempts) =>
				tokenExchangeError(
					redactSecrets(describeTokenFailure(failure, attempts), [
						String(credentials.clientSecret ?? ''),
						String(credentials.apiKey ?? ''),
						String(credentials.password ?? ''),
					]),
				),
		},
	);
	return value;
}

/**
 * Exchanges under way or just finished. Concurrent requests of one credential that all find its token empty
 * or stale share one exchange (Convertr allows 100 token requests per 5 minutes). The key is a hash of every
 * value that goes into the exchange, secrets included, and of the stale token: a credential only ever shares
 * an exchange made with its own values, and no secret is kept in clear.
 */
const recentExchanges = new Map<string, { startedAt: number; token: Promise<string> }>();
const EXCHANGE_REUSE_MS = 60_000;

function exchangeKey(credentials: ICredentialDataDecryptedObject): string {
	const inputs = [...exchangeInputs(credentials), String(credentials.accessToken ?? '')];
	return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/** The token for these credential values: one exchange shared by concurrent callers that found the same stale token. */
export async function obtainToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	let key: string;
	try {
		key = exchangeKey(credentials);
	} catch (error) {
		throw tokenExchangeError((error as Error).message);
	}
	const now = Date.now();
	for (const [k, entry] of recentExchanges) {
		if (now - entry.startedAt > EXCHANGE_REUSE_MS) recentExchanges.delete(k);
	}
	let entry = recentExchanges.get(key);
	if (!entry) {
		const token = requestToken.call(this, credentials);
		entry = { startedAt: now, token };
		recentExchanges.set(key, entry);
		// A failed exchange is not shared with later callers: they ask again.
		token.catch(() => recentExchanges.delete(key));
	}
	return await entry.token;
}
