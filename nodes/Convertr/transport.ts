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

import { type ConvertrForm, readForms } from './formFields';
import { convertrBaseUrl } from './tokenExchange';
import { type HttpFailure, isTimeout, pageText, readHttpFailure, redactDeep, redactSecrets } from '../shared/httpFailure';
import { RateGate } from '../shared/rateGate';
import { retryDelay } from '../shared/retryPolicy';

export const CREDENTIAL_NAME = 'convertrPublisherApi';

/** Convertr's rolling rate-limit window: 5 minutes */
const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;

type ConvertrContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What every request of one execution shares: the host, the publisher, the rate-limit pause. */
export interface ConvertrSession {
	baseUrl: string;
	publisherId: string;
	timeoutMs: number;
	gate: RateGate;
	/** Values that must never appear in an error or an output */
	secrets: string[];
	/**
	 * The credential, decrypted once per execution: requests hand it to n8n's helper instead of having it
	 * decrypted again for every request. A token n8n refreshes on 401 is carried back here for later requests.
	 */
	credential: ICredentialsDecrypted;
	/** Campaign forms read in this execution, by campaign ID (read at most once each) */
	campaignForms: Map<string, Promise<ConvertrForm[]>>;
}

export async function openConvertrSession(
	this: ConvertrContext,
	timeoutMs = 30_000,
): Promise<ConvertrSession> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	const reference = this.getNode().credentials?.[CREDENTIAL_NAME];
	let baseUrl: string;
	try {
		baseUrl = convertrBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message);
	}
	return {
		baseUrl,
		publisherId: String(credentials.publisherId ?? '').trim(),
		timeoutMs,
		gate: new RateGate(),
		secrets: ['clientSecret', 'apiKey', 'password']
			.map((key) => String(credentials[key] ?? ''))
			.filter((value) => value !== ''),
		credential: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_NAME, data: credentials },
		campaignForms: new Map(),
	};
}

/** A campaign's forms and their fields (`GET /api/v2/publisher/fields/{campaignId}`), read once per execution. */
export async function campaignForms(this: ConvertrContext, session: ConvertrSession, campaignId: string): Promise<ConvertrForm[]> {
	let forms = session.campaignForms.get(campaignId);
	if (!forms) {
		forms = convertrRequest
			.call(this, session, { method: 'GET', path: `/api/v2/publisher/fields/${campaignId}`, idempotent: true, notFound: `Campaign ${campaignId}` })
			.then((response) => readForms(response.body));
		forms.catch(() => session.campaignForms.delete(campaignId));
		session.campaignForms.set(campaignId, forms);
	}
	return await forms;
}

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
}

export interface ConvertrResponse {
	status: number;
	body: unknown;
}

export async function convertrRequest(
	this: ConvertrContext,
	session: ConvertrSession,
	request: ConvertrRequest,
): Promise<ConvertrResponse> {
	for (let attempt = 0; ; attempt++) {
		await session.gate.wait();
		// A copy per request: n8n writes a refreshed token into it, and requests already under way keep the
		// token they were sent with, so their 401s are recognised as stale and share one refresh.
		const credential = { ...session.credential, data: { ...session.credential.data } };
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, {
				method: request.method,
				url: session.baseUrl + request.path,
				headers: request.formBody !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
				body: request.formBody,
				json: true,
				returnFullResponse: true,
				timeout: session.timeoutMs,
			}, { credentialsDecrypted: credential })) as { statusCode: number; body: unknown };
			adoptRefreshedToken(session, credential);
			return { status: response.statusCode, body: parseBody(response.body) };
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(this.getNode(), error);
			adoptRefreshedToken(session, credential);
			const failure = readHttpFailure(error);
			const delay = failure.tokenExchange
				? undefined
				: retryDelay(failure, {
						idempotent: request.idempotent,
						attempt,
						rateLimitWindowMs: RATE_LIMIT_WINDOW_MS,
					});
			if (delay === undefined) throw convertrError.call(this, session, request, failure);
			if (failure.status === 429) session.gate.pause(delay);
			else await sleep(delay);
		}
	}
}

function adoptRefreshedToken(session: ConvertrSession, used: ICredentialsDecrypted): void {
	const token = used.data?.accessToken;
	if (typeof token === 'string' && token !== '' && session.credential.data) {
		session.credential.data.accessToken = token;
	}
	const secret = String(token ?? '');
	if (secret !== '' && !session.secrets.includes(secret)) session.secrets.push(secret);
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return '';
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads Convertr's validation body into "field: problem" lines. Handles the Symfony children tree and the `data[{fieldName}]` list. */
export function describeValidationErrors(body: unknown): string[] {
	const problems: string[] = [];
	if (typeof body !== 'object' || body === null) return problems;
	const data = body as IDataObject;
	const walk = (node: unknown, path: string[]) => {
		if (Array.isArray(node)) {
			for (const entry of node) if (typeof entry === 'string') problems.push(`${fieldLabel(path)}: ${entry}`);
			return;
		}
		if (typeof node !== 'object' || node === null) return;
		const branch = node as IDataObject;
		if (Array.isArray(branch.errors)) {
			for (const entry of branch.errors) {
				if (typeof entry === 'string') problems.push(path.length ? `${fieldLabel(path)}: ${entry}` : entry);
			}
		}
		if (typeof branch.children === 'object' && branch.children !== null) {
			for (const [name, child] of Object.entries(branch.children)) walk(child, [...path, name]);
		}
	};
	walk(data.errors, []);
	if (Array.isArray(data.data)) {
		for (const entry of data.data as IDataObject[]) {
			const field = stringOf(entry?.fieldName) ?? stringOf(entry?.field);
			const message = stringOf(entry?.message) ?? stringOf(entry?.error) ?? 'invalid';
			if (field) problems.push(`${field}: ${message}`);
		}
	}
	return problems;
}

function fieldLabel(path: string[]): string {
	return `form${path.map((p) => `[${p}]`).join('')}`;
}

function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return stringOf(pageText(body, 300));
	if (typeof body !== 'object' || body === null) return undefined;
	const data = body as IDataObject;
	return stringOf(data.message) ?? stringOf(data.error_description) ?? stringOf(data.error);
}

function convertrError(
	this: ConvertrContext,
	session: ConvertrSession,
	request: ConvertrRequest,
	failure: HttpFailure,
): NodeApiError {
	const node = this.getNode();
	const body = redactDeep(failure.body, session.secrets);
	const message = apiMessage(body);
	const vendorCode =
		typeof body === 'object' && body !== null
			? ((body as IDataObject).code ?? (body as IDataObject).error)
			: undefined;
	const errorResponse: JsonObject = {
		message: message ?? '',
		code: (vendorCode as string | number | undefined) ?? failure.status ?? failure.networkCode ?? '',
		body: (typeof body === 'object' && body !== null ? body : { text: String(body ?? '') }) as JsonObject,
	};
	const creates = !request.idempotent;
	const notResent = creates
		? ' It was not sent again, because Convertr may already have stored it: check the campaign before sending it again.'
		: '';
	let text: string;
	let description: string | undefined;
	if (failure.tokenExchange) {
		text = failure.message;
	} else if (failure.status === undefined) {
		text = isTimeout(failure)
			? `Convertr did not answer within ${Math.round(session.timeoutMs / 1000)} s.${notResent}`
			: `Could not reach Convertr (${failure.networkCode ?? redactSecrets(failure.message, session.secrets)}).${creates && failure.networkCode !== 'ECONNREFUSED' ? notResent : ''}`;
	} else {
		switch (failure.status) {
			case 400: {
				const problems = describeValidationErrors(body);
				text = `Convertr rejected the data: ${message ?? 'Validation Failed'}${problems.length ? ` (${problems.join('; ')})` : ''}`;
				description =
					'Check that the mapped fields match the form: every required field filled, no field of another form.';
				break;
			}
			case 401:
				text = `Convertr did not accept the access token, even after a fresh one was requested: ${message ?? 'invalid_grant'}`;
				description = 'Check the credential: client ID, client secret, API key, grant type and subdomain.';
				break;
			case 403:
				text = `Convertr refused the request: ${message ?? 'Forbidden'}`;
				description =
					'A campaign that has not started or is fulfilled accepts no leads. Ask the campaign manager.';
				break;
			case 404:
				text = `${request.notFound ?? 'The requested item'} was not found on Convertr${message ? `: ${message}` : ''}`;
				description = 'Check the IDs, and that the publisher ID in the credential belongs to this enterprise.';
				break;
			case 429:
				text = `Convertr's rate limit was still exceeded after several waits: ${message ?? 'Too Many Requests'}`;
				description =
					'Convertr allows about 3,000 requests (1,400 lead results) per 5 minutes. Lower the batch or spread the workflow over time.';
				break;
			default:
				text = `Convertr failed with HTTP ${failure.status}${message ? `: ${message}` : ''}.${notResent}`;
		}
	}
	const error = new NodeApiError(node, errorResponse, {
		message: redactSecrets(text, session.secrets),
		description,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex: request.itemIndex,
	});
	// NodeApiError swaps messages that mention a network code for a generic sentence; keep ours, it says more.
	error.message = redactSecrets(text, session.secrets);
	return error;
}
