import { type IDataObject, type IHttpRequestMethods, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import {
	CONVERT_USER_AGENT,
	DEBUG_TOKEN_FROM_CREDENTIAL,
} from '../../../credentials/ConvertExperiencesApi.credentials';
import { type HttpFailure, isTimeout, pageText } from '../../../credentials/common/httpFailure';
import { withoutTrailingSlashes } from '../../../credentials/common/url';
import {
	type ApiErrorText,
	type HttpAnswer,
	type RequestContext,
	type RequestSession,
	openRequestSession,
	sendRequest,
} from '../../shared/request';
import { type ConvertOptions, optionsFrom } from '../actions/options';

export const CREDENTIAL_NAME = 'convertExperiencesApi';

const DEFAULT_CONFIG_BASE = 'https://cdn-4.convertexperiments.com';
/** Convert gives no limit window; a 429 without Retry-After waits up to this long between attempts. */
const RATE_LIMIT_WINDOW_MS = 10_000;

type ConvertContext = RequestContext;

export type ConfigEndpoint = 'auto' | 'project' | 'sdkKey';

export interface ConfigQuery {
	endpoint: ConfigEndpoint;
	environment: string;
	includeDrafts: boolean;
}

export interface ConvertSession extends RequestSession {
	accountId: string;
	projectId: string;
	sdkKey: string;
	hasDebugToken: boolean;
	configBaseUrl: string;
	metricsBaseUrl: string;
	/** The node's options, read once per execution (defaults in the editor) */
	options: ConvertOptions;
	/** Project configs fetched in this execution, by endpoint, environment and drafts: each fetched once */
	configs: Map<string, Promise<IDataObject>>;
	/** The project settings, once read in this execution */
	projectSettings?: Promise<unknown>;
	/** The project's optional settings, once read in this execution */
	optionalSettings?: Promise<unknown>;
	/** Visitors' stored data read in this execution, by route and visitor */
	visitorData: Map<string, Promise<unknown>>;
}

const trimSlash = withoutTrailingSlashes;

export async function openConvertSession(
	this: ConvertContext,
	options: ConvertOptions = optionsFrom({}),
): Promise<ConvertSession> {
	const { credentials, session } = await openRequestSession.call(this, CREDENTIAL_NAME, {
		timeoutMs: options.timeoutMs,
		rateLimitWindowMs: RATE_LIMIT_WINDOW_MS,
		secretFields: ['sdkKeySecret', 'debugToken'],
	});
	const text = (value: unknown) =>
		typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const accountId = text(credentials.accountId);
	const projectId = text(credentials.projectId);
	if (!/^\d+$/.test(accountId) || !/^\d+$/.test(projectId)) {
		throw new NodeOperationError(
			nodeOf(this),
			'The Convert credential needs a numeric Account ID and Project ID',
			{
				description: `Got account "${accountId.slice(0, 30)}" and project "${projectId.slice(0, 30)}".`,
			},
		);
	}
	const configOverride = text(credentials.configBaseUrl);
	const metricsOverride = text(credentials.metricsBaseUrl);
	return {
		...session,
		accountId,
		projectId,
		sdkKey: text(credentials.sdkKey),
		hasDebugToken: text(credentials.debugToken) !== '',
		configBaseUrl: trimSlash(configOverride || DEFAULT_CONFIG_BASE),
		metricsBaseUrl: trimSlash(
			metricsOverride || `https://${projectId}.metrics.convertexperiments.com`,
		),
		options,
		configs: new Map(),
		visitorData: new Map(),
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

export type ConvertAnswer = HttpAnswer;

/** Sends one request to Convert through the shared request loop (the credential adds auth and the User-Agent). */
export async function convertRequest(
	this: ConvertContext,
	session: ConvertSession,
	request: ConvertRequest,
): Promise<ConvertAnswer> {
	const headers: IDataObject = { 'User-Agent': CONVERT_USER_AGENT, Accept: 'application/json' };
	if (request.debugToken) headers['convert-debug-token'] = DEBUG_TOKEN_FROM_CREDENTIAL;
	return await sendRequest.call(
		this,
		session,
		{
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers,
			body: request.body as IDataObject | undefined,
		},
		{
			idempotent: request.idempotent,
			itemIndex: request.itemIndex,
			describeFailure: (failure, attempts) =>
				describeConvertFailure(failure, request, attempts, session.timeoutMs),
		},
	);
}

/** Convert's error text from a parsed body: `{code, message}` when it sent one, else the page's text, shortened. */
function apiTextOf(body: unknown): { text: string; code?: string } {
	if (typeof body === 'object' && body !== null) {
		const b = body as IDataObject;
		const message =
			typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : '';
		return {
			text: message,
			code: b.code !== undefined && b.code !== null ? String(b.code) : undefined,
		};
	}
	return { text: typeof body === 'string' ? pageText(body) : '' };
}

/** Convert's answers in the node's words: what the request was about, Convert's message and code, the status. */
const HINTS: Record<number, string> = {
	401: 'Check the SDK Key Secret of the Convert credential (empty for a key without a secret).',
	403: 'The project may disable the default config endpoint (set an SDK key in the credential), or the key may belong to another project.',
	404: 'Check the Account ID, Project ID and SDK Key of the Convert credential.',
	429: 'Convert kept rate-limiting after several waits. Lower the batch concurrency or run later.',
};

function describeConvertFailure(
	failure: HttpFailure,
	request: ConvertRequest,
	attempts: number,
	timeoutMs: number,
): ApiErrorText {
	const notResent = request.idempotent
		? ''
		: ' It was not sent again, because Convert may already have recorded it.';
	const tries = attempts > 1 ? `after ${attempts} attempts` : '';
	const api = apiTextOf(failure.body);
	let message: string;
	let description: string | undefined;
	if (failure.status === undefined) {
		message = isTimeout(failure)
			? `Convert did not answer about ${request.subject} within ${Math.round(timeoutMs / 1000)} s${tries ? ` (${tries})` : ''}.${notResent}`
			: `Could not reach Convert about ${request.subject} (${failure.networkCode ?? failure.message}${tries ? `, ${tries}` : ''}).${failure.networkCode === 'ECONNREFUSED' ? '' : notResent}`;
	} else {
		const code =
			api.code !== undefined && api.code !== String(failure.status) ? `, code ${api.code}` : '';
		message = `Convert refused ${request.subject}: ${api.text || `HTTP ${failure.status}`} (HTTP ${failure.status}${code}${tries ? `, ${tries}` : ''})`;
		description =
			HINTS[failure.status] ??
			(failure.status >= 500 && !request.idempotent ? notResent.trim() : undefined);
	}
	return { message, description, apiMessage: api.text, code: api.code };
}

export {
	loadProjectConfig,
	loadProjectOptionalSettings,
	loadProjectSettings,
	loadVisitorData,
	sendLegacyTrack,
	sendTrackingBatch,
	type TrackPayload,
} from './endpoints';
