import {
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';
import {
	failureMayHaveActed,
	type HttpFailure,
	parseJsonLoose,
	redactDeep,
	redactSecrets,
} from '../../credentials/common/httpFailure';
import { RateGate, type RollingWindowPacer } from '../../credentials/common/rateGate';
import { withRetries } from '../../credentials/common/retry';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What every request of one execution to one service shares. */
export interface RequestSession {
	credentialType: string;
	/**
	 * The credential, decrypted once per execution: requests hand it to n8n's helper instead of having it decrypted
	 * again for every request. A token n8n refreshes on 401 is carried back here for later requests.
	 */
	credential: ICredentialsDecrypted;
	/** The pause all requests of the execution take after a 429 */
	gate: RateGate;
	/** When requests may start, for APIs that count calls in a rolling window */
	pacer?: RollingWindowPacer;
	/** Values that must never appear in an error, an output or a log line */
	secrets: string[];
	timeoutMs: number;
	/** Longest wait on a 429 without Retry-After: the API's rate window */
	rateLimitWindowMs: number;
}

/** What a service says about a request that failed for good, in its own words. */
export interface ApiErrorText {
	message: string;
	description?: string;
	/** Whether the server may have made the write anyway (default: read from the failure) */
	mayHaveActed?: boolean;
	/** The API's own message and code, kept in the error's response for n8n's error view */
	apiMessage?: string;
	code?: string | number;
}

/** A NodeApiError with the service's words, nothing of the request (its URL or headers may hold a token). */
export function apiError(
	node: INode,
	text: ApiErrorText,
	failure: Pick<HttpFailure, 'status' | 'networkCode'> & { tokenExchange?: boolean },
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const message = redactSecrets(text.message, secrets);
	const response = redactDeep(
		{
			message: text.apiMessage ?? '',
			code: text.code ?? failure.status ?? failure.networkCode ?? '',
		},
		secrets,
	);
	const error = new NodeApiError(node, response as JsonObject, {
		message,
		description:
			text.description === undefined ? undefined : redactSecrets(text.description, secrets),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages that mention a network code for a generic sentence: keep the service's, it says more.
	error.message = message;
	// "Skip Already Delivered" keeps a write whose fate is unknown as "possibly delivered"
	error.context.mayHaveActed =
		text.mayHaveActed ?? failureMayHaveActed({ tokenExchange: false, ...failure });
	return error;
}

export interface HttpAnswer {
	status: number;
	/** JSON when the body was JSON, its text otherwise */
	body: unknown;
	attempts: number;
}

export interface RequestPolicy {
	idempotent: boolean;
	itemIndex?: number;
	/** Failures not asked again whatever the retry policy says (a poll that leaves a 429 to its next turn) */
	isFinal?(failure: HttpFailure): boolean;
	/** The service's words for a request that failed for good (the failure's body is already redacted) */
	describeFailure(failure: HttpFailure, attempts: number): ApiErrorText;
}

/**
 * Sends one request through n8n's `httpRequestWithAuthentication` (so the credential adds its authentication, and
 * a token is refreshed once on 401), with the retry loop, and returns the status, the body and the attempts made.
 */
export async function sendRequest(
	this: RequestContext,
	session: RequestSession,
	options: IHttpRequestOptions,
	policy: RequestPolicy,
): Promise<HttpAnswer> {
	const node = nodeOf(this);
	const { value, attempts } = await withRetries(
		async () => {
			// A copy per request: n8n writes a refreshed token into it, and requests already under way keep the token
			// they were sent with, so their 401s are recognised as stale and share one refresh.
			const credential = { ...session.credential, data: { ...session.credential.data } };
			try {
				return (await this.helpers.httpRequestWithAuthentication.call(
					this,
					session.credentialType,
					{ ...options, json: true, returnFullResponse: true, timeout: session.timeoutMs },
					{ credentialsDecrypted: credential },
				)) as { statusCode: number; body: unknown };
			} finally {
				adoptRefreshedToken(session, credential);
			}
		},
		{
			notHttp: (error) =>
				error instanceof NodeOperationError ? new NodeOperationError(node, error) : undefined,
			idempotent: policy.idempotent,
			isFinal: policy.isFinal,
			rateLimitWindowMs: session.rateLimitWindowMs,
			gate: session.gate,
			pacer: session.pacer,
			giveUp: (failure, tries) => {
				const redacted = {
					...failure,
					body: redactDeep(parseJsonLoose(failure.body), session.secrets),
				};
				return apiError(
					node,
					policy.describeFailure(redacted, tries),
					failure,
					session.secrets,
					policy.itemIndex,
				);
			},
		},
	);
	return { status: value.statusCode, body: parseJsonLoose(value.body), attempts };
}

function adoptRefreshedToken(session: RequestSession, used: ICredentialsDecrypted): void {
	const token = used.data?.accessToken;
	if (typeof token !== 'string' || token === '') return;
	if (session.credential.data) session.credential.data.accessToken = token;
	if (!session.secrets.includes(token)) session.secrets.push(token);
}

/**
 * The credential (decrypted once for the execution) and what every request of one execution shares, for a service
 * whose transport adds its own fields. `secretFields` name the credential's fields that must never be shown.
 */
export async function openRequestSession(
	this: RequestContext,
	credentialType: string,
	settings: {
		timeoutMs: number;
		rateLimitWindowMs: number;
		secretFields: string[];
	},
): Promise<{ credentials: ICredentialDataDecryptedObject; session: RequestSession }> {
	const credentials = await this.getCredentials(credentialType);
	const reference = nodeOf(this).credentials?.[credentialType];
	const raw = settings.secretFields.map((key) => String(credentials[key] ?? ''));
	const secrets = [...new Set([...raw, ...raw.map((value) => value.trim())])].filter(
		(value) => value.trim() !== '',
	);
	return {
		credentials,
		session: {
			credentialType,
			credential: {
				id: reference?.id ?? '',
				name: reference?.name ?? '',
				type: credentialType,
				data: credentials,
			},
			gate: new RateGate(),
			secrets,
			timeoutMs: settings.timeoutMs,
			rateLimitWindowMs: settings.rateLimitWindowMs,
		},
	};
}
