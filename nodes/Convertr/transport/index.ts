import {
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { invalidInput } from '../../shared/input';
import { type HttpFailure, isTimeout, pageText } from '../../../credentials/common/httpFailure';
import { hasOwn } from '../../../credentials/common/ownKeys';
import {
	type ApiErrorText,
	type HttpAnswer,
	type RequestContext,
	type RequestSession,
	openRequestSession,
	sendRequest,
} from '../../shared/request';
import { type ConvertrForm, readForms } from '../campaign';
import { convertrBaseUrl } from '../../../credentials/common/convertrToken';

export const CREDENTIAL_NAME = 'convertrPublisherApi';
/** One campaign's API key (Convertr's Campaign Webhook): no token, the key in the query */
export const CAMPAIGN_CREDENTIAL_NAME = 'convertrCampaignApi';

/** How Convertr Publisher authenticates: the publisher API (OAuth token) or one campaign's API key */
export type ConvertrAuthentication = 'publisherApi' | 'campaignApiKey';

/** Convertr's rolling rate-limit window: 5 minutes */
const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;

/** What every request of one execution shares: the host, the publisher, the credential, the rate-limit pause. */
export interface ConvertrSession extends RequestSession {
	baseUrl: string;
	publisherId: string;
	/** With a campaign API key: the campaign it belongs to (its routes are the Campaign Webhook's) */
	campaignKey?: { campaignId: string };
	/** Campaign forms read in this execution, by campaign ID (read at most once each) */
	campaignForms: Map<string, Promise<ConvertrForm[]>>;
}

export async function openConvertrSession(
	this: RequestContext,
	timeoutMs = 30_000,
	authentication: ConvertrAuthentication = 'publisherApi',
): Promise<ConvertrSession> {
	const byCampaign = authentication === 'campaignApiKey';
	const { credentials, session } = await openRequestSession.call(
		this,
		byCampaign ? CAMPAIGN_CREDENTIAL_NAME : CREDENTIAL_NAME,
		{
			timeoutMs,
			rateLimitWindowMs: RATE_LIMIT_WINDOW_MS,
			secretFields: ['clientSecret', 'apiKey', 'password'],
		},
	);
	let baseUrl: string;
	try {
		baseUrl = convertrBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(nodeOf(this), (error as Error).message);
	}
	const campaignId = String(credentials.campaignId ?? '').trim();
	if (byCampaign && !/^\d{1,18}$/.test(campaignId))
		throw new NodeOperationError(
			nodeOf(this),
			`The Convertr Campaign API credential's Campaign ID must be a number, got "${campaignId.slice(0, 40)}"`,
		);
	return {
		...session,
		baseUrl,
		publisherId: String(credentials.publisherId ?? '').trim(),
		campaignForms: new Map(),
		...(byCampaign ? { campaignKey: { campaignId } } : {}),
	};
}

/**
 * The campaign ID an item asks about, checked: a campaign API key reaches its own campaign only, so another one is
 * refused before anything is sent.
 */
export function reachableCampaign(
	node: INode,
	session: ConvertrSession,
	itemIndex: number,
	campaignId: string,
): string {
	if (session.campaignKey && campaignId !== session.campaignKey.campaignId)
		throw invalidInput(
			node,
			itemIndex,
			'Campaign ID',
			`is ${campaignId}, but the Convertr Campaign API credential's key is campaign ${session.campaignKey.campaignId}'s`,
			'A campaign API key reaches its own campaign only: use that campaign, or a credential of the other campaign.',
		);
	return campaignId;
}

/**
 * Where a campaign's forms, its links and a lead go: the publisher API's routes, or with a campaign API key the
 * Campaign Webhook's (`/webhook/campaign/…`, the key in the query). The campaign key's campaign is the only one it
 * reaches: another campaign ID is refused before anything is sent.
 */
export const convertrRoutes = {
	fields: (session: ConvertrSession, campaignId: string): string =>
		session.campaignKey
			? `/webhook/campaign/v2/${campaignId}/global-form/fields`
			: `/api/v2/publisher/fields/${campaignId}`,
	links: (session: ConvertrSession, campaignId: string): string =>
		session.campaignKey
			? `/webhook/campaign/${campaignId}/links`
			: `/api/v2/publisher/links/${campaignId}`,
	lead: (
		session: ConvertrSession,
		lead: { campaignId: string; formId: string; linkId?: string; publisherId: string },
	): string =>
		session.campaignKey
			? `/webhook/campaign/${lead.campaignId}/global-form/${lead.formId}/leads?campaignLinkId=${lead.linkId ?? ''}${lead.publisherId ? `&publisherId=${lead.publisherId}` : ''}`
			: `/api/v2.1/publisher/${lead.publisherId}/forms/${lead.formId}${lead.linkId ? `/links/${lead.linkId}` : ''}/leads`,
};

export interface ConvertrRequest {
	method: IHttpRequestMethods;
	path: string;
	/** Form-encoded body (already PHP-encoded) */
	formBody?: string;
	/** False for requests that create something: they are never repeated when Convertr may have acted */
	idempotent: boolean;
	/** Says what a 404 means for this request, e.g. "Lead 123" */
	notFound?: string;
	itemIndex?: number;
	/** Failures not asked again (the lead-result poll leaves a 429 to its next turn) */
	isFinal?(failure: HttpFailure): boolean;
	/** Sent with a campaign API key (set by convertrRequest): a 401 then says the key is wrong */
	campaignKey?: boolean;
}

/** Sends one request to Convertr (the credential puts the token in the query) through the shared request loop. */
export async function convertrRequest(
	this: RequestContext,
	session: ConvertrSession,
	request: ConvertrRequest,
): Promise<HttpAnswer> {
	return await sendRequest.call(
		this,
		session,
		{
			method: request.method,
			url: session.baseUrl + request.path,
			headers:
				request.formBody !== undefined
					? { 'Content-Type': 'application/x-www-form-urlencoded' }
					: {},
			body: request.formBody,
		},
		{
			idempotent: request.idempotent,
			itemIndex: request.itemIndex,
			isFinal: request.isFinal,
			describeFailure: (failure) =>
				describeConvertrFailure(
					failure,
					{ ...request, campaignKey: session.campaignKey !== undefined },
					session.timeoutMs,
				),
		},
	);
}

/** Start times of this process's lead-result calls of the last five minutes, by credential ID */
const leadResultCalls = new Map<string, number[]>();

/**
 * Counts a lead-result call (Convertr allows 1,400 per five minutes per credential, apart from its general limit) and
 * returns how many this process made with the credential in the last five minutes, this one included.
 */
export function countLeadResultCall(credentialId: string, now = Date.now(), calls = 1): number {
	// a credential with no call in the window is forgotten (a deleted credential, a trigger turned off)
	for (const [id, times] of leadResultCalls)
		if (id !== credentialId && (times[times.length - 1] ?? 0) <= now - RATE_LIMIT_WINDOW_MS)
			leadResultCalls.delete(id);
	const recent = (leadResultCalls.get(credentialId) ?? []).filter(
		(at) => at > now - RATE_LIMIT_WINDOW_MS,
	);
	for (let i = 0; i < calls; i++) recent.push(now);
	if (recent.length > 0) leadResultCalls.set(credentialId, recent);
	else leadResultCalls.delete(credentialId);
	return recent.length;
}

/** How many credentials this process counts lead-result calls for (all had one in the last five minutes) */
export const countedLeadResultCredentials = (): number => leadResultCalls.size;

/** A lead's result: pending, valid, or invalid with Convertr's reasons (`GET …/lead-result/{leadId}`). */
export async function readLeadResult(
	this: RequestContext,
	session: ConvertrSession,
	leadId: string,
	options: Pick<ConvertrRequest, 'itemIndex' | 'isFinal'> = {},
): Promise<HttpAnswer> {
	countLeadResultCall(session.credential.id ?? '');
	return await convertrRequest.call(this, session, {
		method: 'GET',
		path: `/api/v2.1/publisher/${session.publisherId}/lead-result/${leadId}`,
		idempotent: true,
		notFound: `Lead ${leadId} (publisher ${session.publisherId})`,
		...options,
	});
}

/** A campaign's forms and their fields (`GET /api/v2/publisher/fields/{campaignId}`), read once per execution. */
export async function campaignForms(
	this: RequestContext,
	session: ConvertrSession,
	campaignId: string,
): Promise<ConvertrForm[]> {
	let forms = session.campaignForms.get(campaignId);
	if (!forms) {
		forms = convertrRequest
			.call(this, session, {
				method: 'GET',
				path: convertrRoutes.fields(session, campaignId),
				idempotent: true,
				notFound: `Campaign ${campaignId}`,
			})
			.then((response) => readForms(response.body));
		// kept even when it failed (after the request loop's own retries): every item of the campaign fails with
		// that error in this execution, instead of each asking again; the next execution asks again
		forms.catch(() => undefined);
		session.campaignForms.set(campaignId, forms);
	}
	return await forms;
}

/** A text of the server's, cut to a sentence or two before anything reads it */
const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.slice(0, 300).trim() : undefined;

/** How much of a validation answer is read: a form has a few dozen fields, nested a level or two */
const MAX_PROBLEMS = 50;
const MAX_DEPTH = 6;

/** Reads Convertr's validation body into "field: problem" lines. Handles the Symfony children tree and the `data[{fieldName}]` list. */
export function describeValidationErrors(body: unknown): string[] {
	const problems: string[] = [];
	if (typeof body !== 'object' || body === null) return problems;
	const data = body as IDataObject;
	const label = (path: string[]) => `form${path.map((p) => `[${p.slice(0, 100)}]`).join('')}`;
	const walk = (node: unknown, path: string[]) => {
		if (problems.length >= MAX_PROBLEMS || path.length > MAX_DEPTH) return;
		if (Array.isArray(node)) {
			for (const entry of node.slice(0, MAX_PROBLEMS))
				if (text(entry)) problems.push(`${label(path)}: ${text(entry)}`);
			return;
		}
		if (typeof node !== 'object' || node === null) return;
		const branch = node as IDataObject;
		if (Array.isArray(branch.errors)) {
			for (const entry of branch.errors.slice(0, MAX_PROBLEMS)) {
				const said = text(entry);
				if (said) problems.push(path.length ? `${label(path)}: ${said}` : said);
			}
		}
		if (typeof branch.children === 'object' && branch.children !== null) {
			const children = branch.children as IDataObject;
			// the first fields only, without listing every key of a huge answer first
			let read = 0;
			for (const name in children) {
				if (read++ >= MAX_PROBLEMS) break;
				if (hasOwn(children, name)) walk(children[name], [...path, name]);
			}
		}
	};
	walk(data.errors, []);
	if (Array.isArray(data.data)) {
		for (const entry of (data.data as IDataObject[]).slice(0, MAX_PROBLEMS)) {
			if (typeof entry !== 'object' || entry === null) continue;
			const field = text(entry.fieldName) ?? text(entry.field);
			const said = text(entry.message) ?? text(entry.error);
			// the Campaign Webhook names a field with an empty message, and says form-wide problems without a field
			if (field) problems.push(`${field}: ${said ?? 'refused'}`);
			else if (said) problems.push(said);
		}
	}
	return problems.slice(0, MAX_PROBLEMS);
}

function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return text(pageText(body, 300));
	if (typeof body !== 'object' || body === null) return undefined;
	const data = body as IDataObject;
	return text(data.message) ?? text(data.error_description) ?? text(data.error);
}

interface Wording {
	message: string;
	description?: string;
}

/** Convertr's answers by HTTP status, in the node's words (its own message kept). */
const BY_STATUS: Record<
	number,
	(message: string | undefined, body: unknown, request: ConvertrRequest) => Wording
> = {
	400: (message, body) => {
		const problems = describeValidationErrors(body);
		return {
			message: `Convertr rejected the data: ${message ?? 'Validation Failed'}${problems.length ? ` (${problems.join('; ')})` : ''}`,
			description:
				'Check that the mapped fields match the form: every required field filled, no field of another form.',
		};
	},
	401: (message, _body, request) =>
		request.campaignKey
			? {
					message: `Convertr refused the campaign API key: ${message ?? 'Access denied.'}`,
					description:
						"Check the Convertr Campaign API credential: the key (the campaign's Admin → Setup → Advanced), its campaign ID and the subdomain.",
				}
			: {
					message: `Convertr did not accept the access token, even after a fresh one was requested: ${message ?? 'invalid_grant'}`,
					description:
						'Check the credential: client ID, client secret, API key, grant type and subdomain.',
				},
	403: (message) => ({
		message: `Convertr refused the request: ${message ?? 'Forbidden'}`,
		description:
			'A campaign that has not started or is fulfilled accepts no leads. Ask the campaign manager.',
	}),
	404: (message, _body, request) => ({
		message: `${request.notFound ?? 'The requested item'} was not found on Convertr${message ? `: ${message}` : ''}`,
		description:
			'Check the IDs, and that the publisher ID in the credential belongs to this enterprise.',
	}),
	429: (message) => ({
		message: `Convertr's rate limit was still exceeded after several waits: ${message ?? 'Too Many Requests'}`,
		description:
			'Convertr allows about 3,000 requests (1,400 lead results) per 5 minutes. Lower the batch or spread the workflow over time.',
	}),
};

/** The error a request that failed for good gets: Convertr's words, the status, and whether the lead may be stored. */
export function describeConvertrFailure(
	failure: HttpFailure,
	request: ConvertrRequest,
	timeoutMs: number,
): ApiErrorText {
	const body = failure.body;
	const message = apiMessage(body);
	const vendorCode =
		typeof body === 'object' && body !== null
			? ((body as IDataObject).code ?? (body as IDataObject).error)
			: undefined;
	const notResent = request.idempotent
		? ''
		: ' It was not sent again, because Convertr may already have stored it: check the campaign before sending it again.';
	let wording: Wording;
	if (failure.tokenExchange) {
		wording = { message: failure.message };
	} else if (failure.status === undefined) {
		const refused = failure.networkCode === 'ECONNREFUSED';
		wording = {
			message: isTimeout(failure)
				? `Convertr did not answer within ${Math.round(timeoutMs / 1000)} s.${notResent}`
				: `Could not reach Convertr (${failure.networkCode ?? failure.message}).${refused ? '' : notResent}`,
		};
	} else {
		wording = BY_STATUS[failure.status]?.(message, body, request) ?? {
			message: `Convertr failed with HTTP ${failure.status}${message ? `: ${message}` : ''}.${notResent}`,
		};
	}
	return {
		...wording,
		apiMessage: message ?? '',
		code: (vendorCode as string | number | undefined) ?? undefined,
	};
}
