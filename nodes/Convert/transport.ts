import {
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
	sleep,
} from 'n8n-workflow';

import { CONVERT_USER_AGENT, DEBUG_TOKEN_FROM_CREDENTIAL } from '../../credentials/ConvertApi.credentials';
import { type HttpFailure, isTimeout, pageText, parseJsonLoose, readHttpFailure, redactDeep, redactSecrets } from '../shared/httpFailure';
import { RateGate } from '../shared/rateGate';
import { retryDelay } from '../shared/retryPolicy';

export const CREDENTIAL_NAME = 'convertApi';

const DEFAULT_CONFIG_BASE = 'https://cdn-4.convertexperiments.com';
/** Convert gives no limit window; a 429 without Retry-After waits up to this long between attempts. */
const RATE_LIMIT_WINDOW_MS = 10_000;

type ConvertContext = IExecuteFunctions | ILoadOptionsFunctions;

export type ConfigEndpoint = 'auto' | 'project' | 'sdkKey';

export interface ConfigQuery {
	endpoint: ConfigEndpoint;
	environment: string;
	includeDrafts: boolean;
}

export interface ConvertSession {
	accountId: string;
	projectId: string;
	sdkKey: string;
	hasDebugToken: boolean;
	configBaseUrl: string;
	metricsBaseUrl: string;
	timeoutMs: number;
	gate: RateGate;
	secrets: string[];
	credential: ICredentialsDecrypted;
	/** Project configs fetched in this execution, by endpoint, environment and drafts: each fetched once */
	configs: Map<string, Promise<IDataObject>>;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export async function openConvertSession(this: ConvertContext, timeoutMs = 30_000): Promise<ConvertSession> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const reference = this.getNode().credentials?.[CREDENTIAL_NAME];
	const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
	const accountId = text(credentials.accountId);
	const projectId = text(credentials.projectId);
	if (!/^\d+$/.test(accountId) || !/^\d+$/.test(projectId)) {
		throw new NodeOperationError(
			this.getNode(),
			'The Convert credential needs a numeric Account ID and Project ID',
			{ description: `Got account "${accountId.slice(0, 30)}" and project "${projectId.slice(0, 30)}".` },
		);
	}
	const configOverride = text(credentials.configBaseUrl);
	const metricsOverride = text(credentials.metricsBaseUrl);
	return {
		accountId,
		projectId,
		sdkKey: text(credentials.sdkKey),
		hasDebugToken: text(credentials.debugToken) !== '',
		configBaseUrl: trimSlash(configOverride || DEFAULT_CONFIG_BASE),
		metricsBaseUrl: trimSlash(metricsOverride || `https://${projectId}.metrics.convertexperiments.com`),
		timeoutMs,
		gate: new RateGate(),
		secrets: [text(credentials.sdkKeySecret), text(credentials.debugToken)].filter((s) => s !== ''),
		credential: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_NAME, data: credentials },
		configs: new Map(),
	};
}

export interface ConvertRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: unknown;
	/** Ask the credential to add its debug token (draft and paused experiences) */
	debugToken?: boolean;
	/** False for requests that record something: repeated only when Convert cannot have acted on them */
	idempotent: boolean;
	/** What the request is about, for error messages: "the config of account 1 / project 2" */
	subject: string;
	itemIndex?: number;
}

export interface ConvertAnswer {
	status: number;
	body: unknown;
	attempts: number;
}

/** Sends one request to Convert through n8n's helper (the credential adds auth), retrying what may be retried. */
export async function convertRequest(this: ConvertContext, session: ConvertSession, request: ConvertRequest): Promise<ConvertAnswer> {
	const headers: IDataObject = { 'User-Agent': CONVERT_USER_AGENT, Accept: 'application/json' };
	if (request.debugToken) headers['convert-debug-token'] = DEBUG_TOKEN_FROM_CREDENTIAL;
	for (let attempt = 0; ; attempt++) {
		await session.gate.wait();
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				{
					method: request.method,
					url: request.url,
					qs: request.qs,
					headers,
					body: request.body as IDataObject | undefined,
					json: true,
					timeout: session.timeoutMs,
					returnFullResponse: true,
				},
				{ credentialsDecrypted: session.credential },
			)) as { statusCode: number; body: unknown };
			return { status: response.statusCode, body: parseJsonLoose(response.body), attempts: attempt + 1 };
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			const failure = readHttpFailure(error);
			const delay = retryDelay(failure, { idempotent: request.idempotent, attempt, rateLimitWindowMs: RATE_LIMIT_WINDOW_MS });
			if (delay === undefined) throw convertError.call(this, session, request, failure, attempt + 1);
			if (failure.status === 429) session.gate.pause(delay);
			else await sleep(delay);
		}
	}
}

/** Convert's error text from a parsed body: `{code, message}` when it sent one, else the page's text, shortened. */
function apiTextOf(body: unknown): { text: string; code?: string } {
	if (typeof body === 'object' && body !== null) {
		const b = body as IDataObject;
		const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : '';
		return { text: message, code: b.code !== undefined && b.code !== null ? String(b.code) : undefined };
	}
	return { text: typeof body === 'string' ? pageText(body) : '' };
}

function convertError(this: ConvertContext, session: ConvertSession, request: ConvertRequest, failure: HttpFailure, attempts: number): NodeApiError {
	const notResent = request.idempotent ? '' : ' It was not sent again, because Convert may already have recorded it.';
	const tries = attempts > 1 ? `after ${attempts} attempts` : '';
	const body = redactDeep(parseJsonLoose(failure.body), session.secrets);
	const api = apiTextOf(body);
	let text: string;
	let description: string | undefined;
	if (failure.status === undefined) {
		text = isTimeout(failure)
			? `Convert did not answer about ${request.subject} within ${Math.round(session.timeoutMs / 1000)} s${tries ? ` (${tries})` : ''}.${notResent}`
			: `Could not reach Convert about ${request.subject} (${failure.networkCode ?? failure.message}${tries ? `, ${tries}` : ''}).${failure.networkCode === 'ECONNREFUSED' ? '' : notResent}`;
	} else {
		const code = api.code !== undefined && api.code !== String(failure.status) ? `, code ${api.code}` : '';
		text = `Convert refused ${request.subject}: ${api.text || `HTTP ${failure.status}`} (HTTP ${failure.status}${code}${tries ? `, ${tries}` : ''})`;
		if (failure.status === 401) description = 'Check the SDK Key Secret of the Convert credential (empty for a key without a secret).';
		else if (failure.status === 403) description = 'The project may disable the default config endpoint (set an SDK key in the credential), or the key may belong to another project.';
		else if (failure.status === 404) description = 'Check the Account ID, Project ID and SDK Key of the Convert credential.';
		else if (failure.status === 429) description = 'Convert kept rate-limiting after several waits. Lower the batch concurrency or run later.';
		else if (failure.status >= 500 && !request.idempotent) description = notResent.trim();
	}
	text = redactSecrets(text, session.secrets);
	const error = new NodeApiError(
		this.getNode(),
		{ message: api.text, code: api.code ?? failure.status ?? failure.networkCode ?? '' } as JsonObject,
		{ message: text, description, httpCode: failure.status !== undefined ? String(failure.status) : undefined, itemIndex: request.itemIndex },
	);
	error.message = text;
	return error;
}

function configUrl(session: ConvertSession, endpoint: ConfigEndpoint): { url: string; subject: string } {
	const useKey = endpoint === 'sdkKey' || (endpoint === 'auto' && session.sdkKey !== '');
	if (useKey) {
		return {
			url: `${session.configBaseUrl}/api/v1/config/${encodeURIComponent(session.sdkKey)}`,
			subject: `the config of SDK key "${session.sdkKey}"`,
		};
	}
	return {
		url: `${session.configBaseUrl}/api/v1/config/${session.accountId}/${session.projectId}`,
		subject: `the config of account ${session.accountId} / project ${session.projectId}`,
	};
}

/** The project's config (experiences, goals, segments…), fetched once per execution for the same query. */
export async function loadProjectConfig(this: ConvertContext, session: ConvertSession, query: ConfigQuery): Promise<IDataObject> {
	if (query.endpoint === 'sdkKey' && session.sdkKey === '') {
		throw new NodeOperationError(this.getNode(), 'The SDK key endpoint needs an SDK key in the Convert credential');
	}
	if (query.includeDrafts && !session.hasDebugToken) {
		throw new NodeOperationError(this.getNode(), 'Draft and paused experiences need a debug token in the Convert credential', {
			description: 'Generate one in Convert (it lasts 24 hours by default) and add it to the credential, or turn the option off.',
		});
	}
	const key = `${query.endpoint}\u0000${query.environment}\u0000${String(query.includeDrafts)}`;
	let pending = session.configs.get(key);
	if (!pending) {
		const { url, subject } = configUrl(session, query.endpoint);
		pending = convertRequest
			.call(this, session, {
				method: 'GET',
				url,
				qs: query.environment ? { environment: query.environment } : undefined,
				debugToken: query.includeDrafts,
				idempotent: true,
				subject,
			})
			.then((answer) => {
				if (typeof answer.body !== 'object' || answer.body === null || Array.isArray(answer.body)) {
					throw new NodeApiError(this.getNode(), {} as JsonObject, { message: `Convert answered ${subject} with something that is not a config` });
				}
				return answer.body as IDataObject;
			});
		// a failed fetch is not kept: the next item (or execution) asks again
		pending.catch(() => session.configs.delete(key));
		session.configs.set(key, pending);
	}
	return await pending;
}

/** The basic project settings (tracking script versions, jQuery options): `/project-settings/{account}/{project}` in Convert's API description. */
export async function loadProjectSettings(this: ConvertContext, session: ConvertSession, itemIndex: number): Promise<unknown> {
	const answer = await convertRequest.call(this, session, {
		method: 'GET',
		url: `${session.configBaseUrl}/api/v1/project-settings/${session.accountId}/${session.projectId}`,
		idempotent: true,
		subject: `the settings of account ${session.accountId} / project ${session.projectId}`,
		itemIndex,
	});
	return answer.body;
}

export interface TrackPayload {
	accountId: string;
	projectId: string;
	enrichData?: boolean;
	source?: string;
	visitors: IDataObject[];
}

/** Posts one batch of visitors and their events to the metrics endpoint. */
export async function sendTrackingBatch(
	this: IExecuteFunctions,
	session: ConvertSession,
	payload: TrackPayload,
	options: { idempotent: boolean; batchNumber: number },
): Promise<ConvertAnswer> {
	const url =
		session.sdkKey !== ''
			? `${session.metricsBaseUrl}/v1/track/${encodeURIComponent(session.sdkKey)}`
			: `${session.metricsBaseUrl}/v1/track/${session.accountId}/${session.projectId}`;
	return await convertRequest.call(this, session, {
		method: 'POST',
		url,
		body: payload,
		idempotent: options.idempotent,
		subject: `batch ${options.batchNumber} of tracking events`,
	});
}

/** Sends one visitor's events to the legacy `/track` endpoint (JSON POST, or GET with a PHP-style query). */
export async function sendLegacyTrack(
	this: IExecuteFunctions,
	session: ConvertSession,
	method: 'POST' | 'GET',
	payload: IDataObject,
	query: string,
	itemIndex: number,
	retryServerErrors: boolean,
): Promise<ConvertAnswer> {
	const url = `${session.metricsBaseUrl}/track`;
	return await convertRequest.call(this, session, {
		method,
		url: method === 'GET' ? `${url}?${query}` : url,
		body: method === 'POST' ? payload : undefined,
		idempotent: retryServerErrors,
		subject: `the events of item ${itemIndex + 1}`,
		itemIndex,
	});
}
