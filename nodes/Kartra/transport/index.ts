import type { IDataObject } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { type HttpFailure, isTimeout, pageText } from '../../../credentials/common/httpFailure';
import { withoutTrailingSlashes } from '../../../credentials/common/url';
import { KeyedQueue } from '../../shared/keyedQueue';
import { ownValue } from '../../../credentials/common/ownKeys';
import { encodePhpForm, type PhpFormValue } from '../../../credentials/common/phpForm';
import { RollingWindowPacer } from '../../../credentials/common/rateGate';
import {
	type ApiErrorText,
	apiError,
	type RequestContext,
	type RequestSession,
	openRequestSession,
	sendRequest,
} from '../../shared/request';
import {
	KARTRA_AUTH_ERRORS,
	KARTRA_ERRORS,
	type KartraErrorType,
} from '../../../credentials/common/kartraErrors';

export const CREDENTIAL_NAME = 'kartraApi';

/**
 * Kartra allows 20 calls per second per app. A call starts once the call 20 before it has been answered for a second:
 * that call reached Kartra before its answer came back, so Kartra can never count the two in one second, however
 * late a busy machine sends or reads them. A call still unanswered 5 s after it started no longer holds the others
 * back (reaching Kartra that late is unlikely; if it did, the 429 is waited out and the call sent again).
 */
const CALLS_PER_WINDOW = 20;
const WINDOW_MS = 1000;
const SLOW_ANSWER_SLACK_MS = 4000;

/**
 * One pacer per Kartra App ID in this n8n process: Kartra counts its 20 calls per second per App, whichever
 * account's key the calls carry, so every credential of one App shares it and concurrent items and executions
 * together stay under the limit. (Queue-mode workers each have their own; a 429 is still retried.)
 */
const pacers = new Map<string, RollingWindowPacer>();

/** A pacer unused this long (no call granted or ended, none in flight) is dropped: its window is long past */
const PACER_IDLE_MS = 10 * 60 * 1000;

/** Drops the pacers of Apps that made no call for `PACER_IDLE_MS`; returns how many are kept. */
export function evictIdlePacers(now = Date.now()): number {
	for (const [appId, pacer] of pacers)
		if (!pacer.busy() && now - pacer.lastActive() > PACER_IDLE_MS) pacers.delete(appId);
	return pacers.size;
}

export interface KartraSession extends RequestSession {
	baseUrl: string;
	pacer: RollingWindowPacer;
	/** The account's custom fields, fetched at most once per execution */
	customFields?: Promise<KartraCustomField[]>;
	/** The account's tags, lists and sequences, by command, fetched at most once per execution */
	accountLists?: Map<string, Promise<string[]>>;
	/** The account's pages, fetched at most once per execution */
	accountPages?: Promise<IDataObject[]>;
	/** Calls that change one lead run one after another, in input order (see `leadKey`) */
	leadQueue: KeyedQueue;
}

export interface KartraCustomField {
	field_id: string;
	field_identifier: string;
	field_type: string;
	options: Array<{ option_id: string; option_value: string }>;
}

export async function openKartraSession(
	this: RequestContext,
	timeoutMs = 30_000,
): Promise<KartraSession> {
	const { credentials, session } = await openRequestSession.call(this, CREDENTIAL_NAME, {
		timeoutMs,
		// Kartra: "wait 1 second and re-try"
		rateLimitWindowMs: 1000,
		secretFields: ['apiKey', 'apiPassword'],
	});
	const appId = String(credentials.appId ?? '').trim();
	evictIdlePacers();
	let pacer = pacers.get(appId);
	if (!pacer) {
		pacer = new RollingWindowPacer(CALLS_PER_WINDOW, WINDOW_MS, SLOW_ANSWER_SLACK_MS);
		pacers.set(appId, pacer);
	}
	const override = String(credentials.baseUrl ?? '').trim();
	return {
		...session,
		pacer,
		baseUrl: override !== '' ? withoutTrailingSlashes(override) : 'https://app.kartra.com',
		leadQueue: new KeyedQueue(),
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
	this: RequestContext,
	session: KartraSession,
	payload: { [key: string]: PhpFormValue },
	options: KartraRequestOptions,
): Promise<IDataObject> {
	const response = await sendRequest.call(
		this,
		session,
		{
			method: 'POST',
			url: `${session.baseUrl}/api`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: encodePhpForm(payload),
		},
		{
			idempotent: options.idempotent,
			itemIndex: options.itemIndex,
			describeFailure: (failure) => describeHttpFailure(failure, options, session.timeoutMs),
		},
	);
	return readAnswer.call(this, session, options, response.body);
}

const notResent = (options: KartraRequestOptions) =>
	options.idempotent ? '' : ' The call was not sent again, because Kartra may have acted on it.';

/** Kartra answers every call with HTTP 200: success or failure is in its JSON `status` and `type`. */
function readAnswer(
	this: RequestContext,
	session: KartraSession,
	options: KartraRequestOptions,
	answer: unknown,
): IDataObject {
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
		const text = pageText(String(answer ?? ''));
		const message = `Kartra answered with something that is not JSON${text ? `: ${text}` : ''}.${notResent(options)}`;
		throw apiError(
			nodeOf(this),
			{ message, apiMessage: text },
			{ status: undefined },
			session.secrets,
			options.itemIndex,
		);
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

/** The error for an answer whose status is Error: Kartra's message and type, a hint, what was done before. */
export function kartraError(
	this: RequestContext,
	session: KartraSession,
	options: KartraRequestOptions,
	answer: IDataObject,
) {
	const type = String(answer.type ?? '');
	const message =
		typeof answer.message === 'string' && answer.message !== '' ? answer.message : 'Unknown error';
	const done = completedActions(answer);
	const description = [
		(ownValue(KARTRA_ERRORS, type) as KartraErrorType | undefined)?.hint,
		KARTRA_AUTH_ERRORS.has(type) ? 'Check the Kartra credential.' : undefined,
		done.length ? `Done before the error: ${done.join(', ')}.` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	const text: ApiErrorText = {
		// a chained call that failed after an action was done has made a write
		mayHaveActed: done.length > 0,
		message: `Kartra: ${message}${type ? ` (type ${type})` : ''}`,
		description: description || undefined,
		apiMessage: message,
		code: type,
	};
	return apiError(nodeOf(this), text, { status: 200 }, session.secrets, options.itemIndex);
}

function describeHttpFailure(
	failure: HttpFailure,
	options: KartraRequestOptions,
	timeoutMs: number,
): ApiErrorText {
	const body = failure.body;
	const apiText =
		typeof body === 'object' && body !== null && typeof (body as IDataObject).message === 'string'
			? String((body as IDataObject).message)
			: typeof body === 'string'
				? pageText(body)
				: '';
	let message: string;
	if (failure.status === undefined) {
		message = isTimeout(failure)
			? `Kartra did not answer within ${Math.round(timeoutMs / 1000)} s.${notResent(options)}`
			: `Could not reach Kartra (${failure.networkCode ?? failure.message}).${failure.networkCode === 'ECONNREFUSED' ? '' : notResent(options)}`;
	} else if (failure.status === 429) {
		message = `Kartra's limit of 20 calls per second was still exceeded after several waits${apiText ? `: ${apiText}` : ''}`;
	} else {
		message = `Kartra failed with HTTP ${failure.status}${apiText ? `: ${apiText}` : ''}.${notResent(options)}`;
	}
	return { message, apiMessage: apiText };
}

/** The account's custom fields (`retrieve_custom_fields`), read once per execution. */
export async function accountCustomFields(
	this: RequestContext,
	session: KartraSession,
): Promise<KartraCustomField[]> {
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
				.map((o) => ({
					option_id: String(o.option_id),
					option_value: String(o.option_value ?? ''),
				})),
		}));
}

/**
 * The names an account list command returns (`retrieve_account_tags` → `account_tags`, …), as a list or as the JSON
 * text Kartra's documents describe; anything that is not a name is left out.
 */
export async function accountNameList(
	this: RequestContext,
	session: KartraSession,
	cmd: string,
	key: string,
	itemIndex?: number,
): Promise<string[]> {
	const answer = await kartraRequest.call(
		this,
		session,
		{ actions: [{ cmd }] },
		{ idempotent: true, itemIndex },
	);
	let value = answer[key];
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as IDataObject[string];
		} catch {
			value = [];
		}
	}
	return (Array.isArray(value) ? (value as unknown[]) : []).filter(
		(name): name is string => typeof name === 'string',
	);
}
