import {
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
	sleep,
} from 'n8n-workflow';

import { type HttpFailure, isTimeout, pageText, parseJsonLoose, readHttpFailure, redactDeep, redactSecrets } from '../shared/httpFailure';
import { KeyedQueue } from '../shared/keyedQueue';
import { encodePhpForm, type PhpFormValue } from '../shared/phpForm';
import { RateGate, RateSpacer } from '../shared/rateGate';
import { retryDelay } from '../shared/retryPolicy';
import { KARTRA_AUTH_ERRORS, KARTRA_ERROR_HINTS } from './errors';

export const CREDENTIAL_NAME = 'kartraApi';

/**
 * Kartra allows 20 calls per second per app; calls start at least this far apart (about 18 per second): 21 calls
 * would have to arrive 120 ms closer together than they left before Kartra counted 21 in one second (a first
 * call slowed by loading, a busy machine).
 */
const CALL_SPACING_MS = 56;

type KartraContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * One spacer per Kartra App ID in this n8n process: Kartra counts its 20 calls per second per App, whichever
 * account's key the calls carry, so every credential of one App shares it and concurrent items and executions
 * together stay under the limit. (Queue-mode workers each have their own; a 429 is still retried.)
 */
const spacers = new Map<string, RateSpacer>();

export interface KartraSession {
	baseUrl: string;
	timeoutMs: number;
	gate: RateGate;
	spacer: RateSpacer;
	secrets: string[];
	credential: ICredentialsDecrypted;
	/** The account's custom fields, fetched at most once per execution */
	customFields?: Promise<KartraCustomField[]>;
	/** Calls that change one lead run one after another, in input order (see `leadKey`) */
	leadQueue: KeyedQueue;
}

export interface KartraCustomField {
	field_id: string;
	field_identifier: string;
	field_type: string;
	options: Array<{ option_id: string; option_value: string }>;
}

export async function openKartraSession(this: KartraContext, timeoutMs = 30_000): Promise<KartraSession> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const reference = this.getNode().credentials?.[CREDENTIAL_NAME];
	const override = String(credentials.baseUrl ?? '').trim();
	const spacerKey = String(credentials.appId ?? '').trim();
	let spacer = spacers.get(spacerKey);
	if (!spacer) {
		spacer = new RateSpacer(CALL_SPACING_MS);
		spacers.set(spacerKey, spacer);
	}
	return {
		baseUrl: override !== '' ? override.replace(/\/+$/, '') : 'https://app.kartra.com',
		timeoutMs,
		gate: new RateGate(),
		spacer,
		leadQueue: new KeyedQueue(),
		secrets: [String(credentials.apiKey ?? ''), String(credentials.apiPassword ?? '')].filter((s) => s !== ''),
		credential: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_NAME, data: credentials },
	};
}

export interface KartraRequestOptions {
	/** False for calls that change something: they are never repeated when Kartra may have acted */
	idempotent: boolean;
	itemIndex?: number;
	/** Kartra error types the caller handles itself (returned instead of thrown), e.g. 243 for Create or Update */
	acceptErrorTypes?: string[];
}

/** Sends one Kartra call (`POST /api`, PHP-style form body) and returns Kartra's answer when its status is Success. */
export async function kartraRequest(
	this: KartraContext,
	session: KartraSession,
	payload: { [key: string]: PhpFormValue },
	options: KartraRequestOptions,
): Promise<IDataObject> {
	const body = encodePhpForm(payload);
	for (let attempt = 0; ; attempt++) {
		await session.gate.wait();
		await session.spacer.acquire();
		let answer: unknown;
		try {
			answer = await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				{
					method: 'POST',
					url: `${session.baseUrl}/api`,
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					body,
					json: true,
					timeout: session.timeoutMs,
				},
				{ credentialsDecrypted: session.credential },
			);
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			const failure = readHttpFailure(error);
			// Kartra: "wait 1 second and re-try"
			const delay = retryDelay(failure, { idempotent: options.idempotent, attempt, rateLimitWindowMs: 1000 });
			if (delay === undefined) throw httpError.call(this, session, options, failure);
			if (failure.status === 429) session.gate.pause(delay);
			else await sleep(delay);
			continue;
		}
		return readAnswer.call(this, session, options, answer);
	}
}

function readAnswer(this: KartraContext, session: KartraSession, options: KartraRequestOptions, raw: unknown): IDataObject {
	const answer = parseJsonLoose(raw);
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
		const text = pageText(String(answer ?? ''));
		const error = new NodeApiError(this.getNode(), { message: text } as JsonObject, { itemIndex: options.itemIndex });
		error.message = `Kartra answered with something that is not JSON${text ? `: ${text}` : ''}.${options.idempotent ? '' : ' The call was not sent again, because Kartra may have acted on it.'}`;
		throw error;
	}
	const data = answer as IDataObject;
	if (data.status === 'Error' && !options.acceptErrorTypes?.includes(String(data.type))) {
		throw kartraError.call(this, session, options, data);
	}
	return data;
}

/** Lists what a chained call completed before its error, e.g. `create_lead (lead 1234)`. */
function completedActions(answer: IDataObject): string[] {
	const done: string[] = [];
	for (const entry of Array.isArray(answer.actions) ? (answer.actions as IDataObject[]) : []) {
		for (const [cmd, result] of Object.entries(entry ?? {})) {
			const r = (result ?? {}) as IDataObject;
			if (r.status !== 'Success') continue;
			const id = (r.lead_details as IDataObject | undefined)?.id;
			done.push(id !== undefined ? `${cmd} (lead ${String(id)})` : cmd);
		}
	}
	return done;
}

export function kartraError(
	this: KartraContext,
	session: KartraSession,
	options: KartraRequestOptions,
	answer: IDataObject,
): NodeApiError {
	const type = String(answer.type ?? '');
	const message = typeof answer.message === 'string' && answer.message !== '' ? answer.message : 'Unknown error';
	const done = completedActions(answer);
	const hint = KARTRA_ERROR_HINTS[type];
	const description = [
		hint,
		KARTRA_AUTH_ERRORS.has(type) ? 'Check the Kartra credential.' : undefined,
		done.length ? `Done before the error: ${done.join(', ')}.` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const text = redactSecrets(`Kartra: ${message}${type ? ` (type ${type})` : ''}`, session.secrets);
	const error = new NodeApiError(
		this.getNode(),
		redactDeep({ status: 'Error', message, type, code: type } as JsonObject, session.secrets),
		{ message: text, description: description || undefined, httpCode: '200', itemIndex: options.itemIndex },
	);
	error.message = text;
	return error;
}

function httpError(this: KartraContext, session: KartraSession, options: KartraRequestOptions, failure: HttpFailure): NodeApiError {
	const notResent = options.idempotent ? '' : ' The call was not sent again, because Kartra may have acted on it.';
	const body = redactDeep(failure.body, session.secrets);
	const apiText =
		typeof body === 'object' && body !== null && typeof (body as IDataObject).message === 'string'
			? String((body as IDataObject).message)
			: typeof body === 'string'
				? pageText(body)
				: '';
	let text: string;
	if (failure.status === undefined) {
		text = isTimeout(failure)
			? `Kartra did not answer within ${Math.round(session.timeoutMs / 1000)} s.${notResent}`
			: `Could not reach Kartra (${failure.networkCode ?? redactSecrets(failure.message, session.secrets)}).${failure.networkCode === 'ECONNREFUSED' ? '' : notResent}`;
	} else if (failure.status === 429) {
		text = `Kartra's limit of 20 calls per second was still exceeded after several waits${apiText ? `: ${apiText}` : ''}`;
	} else {
		text = `Kartra failed with HTTP ${failure.status}${apiText ? `: ${apiText}` : ''}.${notResent}`;
	}
	text = redactSecrets(text, session.secrets);
	const error = new NodeApiError(
		this.getNode(),
		{ message: apiText, code: failure.status ?? failure.networkCode ?? '' } as JsonObject,
		{ message: text, httpCode: failure.status !== undefined ? String(failure.status) : undefined, itemIndex: options.itemIndex },
	);
	error.message = text;
	return error;
}

/** The account's custom fields (`retrieve_custom_fields`), read once per execution. */
export async function accountCustomFields(this: KartraContext, session: KartraSession): Promise<KartraCustomField[]> {
	session.customFields ??= kartraRequest
		.call(this, session, { actions: [{ cmd: 'retrieve_custom_fields' }] }, { idempotent: true })
		.then((answer) => readCustomFields(answer));
	return await session.customFields;
}

export function readCustomFields(answer: IDataObject): KartraCustomField[] {
	const list = Array.isArray(answer.custom_fields) ? (answer.custom_fields as IDataObject[]) : [];
	return list
		.filter((f) => typeof f?.field_identifier === 'string')
		.map((f) => ({
			field_id: String(f.field_id ?? ''),
			field_identifier: String(f.field_identifier),
			field_type: String(f.field_type ?? 'input_field'),
			options: (Array.isArray(f.field_value) ? (f.field_value as IDataObject[]) : [])
				.filter((o) => o && o.option_id !== undefined)
				.map((o) => ({ option_id: String(o.option_id), option_value: String(o.option_value ?? '') })),
		}));
}
