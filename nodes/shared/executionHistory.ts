import { type IDataObject, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from './context';
import type { HttpFailure } from '../../credentials/common/httpFailure';
import { withoutTrailingSlashes } from '../../credentials/common/url';
import {
	type ApiErrorText,
	type RequestContext,
	type RequestSession,
	openRequestSession,
	sendRequest,
} from './request';

/**
 * n8n's own execution history, read through this instance's public API (`/api/v1/executions`): the one store n8n
 * keeps that holds what other executions produced, durably, for every worker, and can be listed.
 */

export const EXECUTIONS_CREDENTIAL = 'n8nExecutionsApi';

/** Statuses after which an execution's data no longer changes */
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	/** Epoch ms; 0 for an execution that has not started */
	startedAt: number;
	finished: boolean;
}

export interface ExecutionNode {
	name: string;
	type: string;
	parameters: IDataObject;
	credentials: Record<string, { id?: string | null; name?: string }>;
}

/** The items one node put on its outputs in one run */
export interface NodeRunOutput {
	node: ExecutionNode;
	/** Items of the node's first output ("success" when the node has an error output) */
	items: IDataObject[];
}

export interface ExecutionRecord extends ExecutionSummary {
	/** False when n8n withheld the data (too large to display, redacted, or not saved) */
	readable: boolean;
	outputs: NodeRunOutput[];
}

export interface ExecutionHistory {
	baseUrl: string;
	session: RequestSession;
}

export async function openExecutionHistory(this: RequestContext): Promise<ExecutionHistory> {
	const { credentials, session } = await openRequestSession.call(this, EXECUTIONS_CREDENTIAL, {
		timeoutMs: 30_000,
		rateLimitWindowMs: 60_000,
		secretFields: ['apiKey'],
	});
	const baseUrl = withoutTrailingSlashes(String(credentials.baseUrl ?? '').trim());
	if (!/^https?:\/\/[^/]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			nodeOf(this),
			`The Execution History API credential's base address is not an http(s) address: "${baseUrl}"`,
		);
	}
	return { baseUrl, session };
}

function describeFailure(failure: HttpFailure): ApiErrorText {
	const body = (failure.body ?? {}) as IDataObject;
	const apiMessage = typeof body.message === 'string' ? body.message : '';
	const byStatus: Record<number, string> = {
		401: "n8n did not accept the Execution History API credential's API key",
		403: 'The API key may not read executions (it needs the execution:list and execution:read scopes)',
		404: "n8n's public API was not found at the credential's base address (it ends in /api/v1)",
	};
	const redirect = failure.status !== undefined && failure.status >= 300 && failure.status < 400;
	const message =
		failure.status === undefined
			? `Could not reach n8n's public API (${failure.networkCode ?? failure.message})`
			: redirect
				? `n8n's public API answered with a redirect (HTTP ${failure.status}), which is not followed: the API key is only sent to the credential's base address`
				: (byStatus[failure.status] ?? `n8n's public API failed with HTTP ${failure.status}`);
	return {
		message: apiMessage ? `${message}: ${apiMessage}` : message,
		apiMessage,
		code: failure.status,
	};
}

async function getJson(
	this: RequestContext,
	history: ExecutionHistory,
	path: string,
	qs: IDataObject,
): Promise<IDataObject> {
	const answer = await sendRequest.call(
		this,
		history.session,
		// the API key goes to the credential's address only: a redirect is an answer, never followed with the key
		{ method: 'GET', url: history.baseUrl + path, qs, disableFollowRedirect: true },
		{ idempotent: true, describeFailure },
	);
	return typeof answer.body === 'object' && answer.body !== null
		? (answer.body as IDataObject)
		: {};
}

const epoch = (value: unknown): number => {
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(ms) ? 0 : ms;
};

const EXECUTION_ID = /^[0-9]{1,20}$/;

function summaryOf(raw: IDataObject): ExecutionSummary {
	const status = String(raw.status ?? '');
	return {
		id: String(raw.id),
		workflowId: String(raw.workflowId ?? ''),
		status,
		startedAt: epoch(raw.startedAt),
		finished: FINISHED.has(status),
	};
}

/**
 * The workflow's executions that started at or after `startedAfter` (epoch ms), newest first, every page. n8n leaves the
 * executions it is running out of an unfiltered list; `status: 'running'` lists them.
 */
export async function listExecutions(
	this: RequestContext,
	history: ExecutionHistory,
	query: { workflowId: string; startedAfter: number; status?: 'running'; maxPages?: number },
): Promise<ExecutionSummary[]> {
	const found: ExecutionSummary[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < (query.maxPages ?? Number.POSITIVE_INFINITY); page++) {
		const body = await getJson.call(this, history, '/executions', {
			workflowId: query.workflowId,
			// n8n lists those that started strictly after
			startedAfter: new Date(query.startedAfter - 1).toISOString(),
			limit: 250,
			...(query.status ? { status: query.status } : {}),
			...(cursor ? { cursor } : {}),
		});
		const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		// an execution ID keys the poll's state and goes into a URL: n8n's are numbers; anything else is skipped
		found.push(...data.map(summaryOf).filter((execution) => EXECUTION_ID.test(execution.id)));
		cursor = typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : undefined;
		if (!cursor || data.length === 0) break;
	}
	return found;
}

interface RunOfNode {
	data?: { main?: Array<Array<{ json?: IDataObject }> | null> };
}

/** One execution with the items each of its nodes output (first output), the workflow's nodes as they ran. */
export async function readExecution(
	this: RequestContext,
	history: ExecutionHistory,
	executionId: string,
): Promise<ExecutionRecord> {
	const body = await getJson.call(this, history, `/executions/${encodeURIComponent(executionId)}`, {
		includeData: true,
		ignoreDataSizeLimit: true,
	});
	const summary = summaryOf(body);
	const data = body.data as { resultData?: { runData?: Record<string, RunOfNode[]> } } | undefined;
	const runData = data?.resultData?.runData;
	const workflow = body.workflowData as { nodes?: ExecutionNode[] } | undefined;
	const nodes = new Map((workflow?.nodes ?? []).map((node) => [node.name, node]));
	const outputs: NodeRunOutput[] = [];
	for (const [name, runs] of Object.entries(runData ?? {})) {
		const node = nodes.get(name);
		if (!node || !Array.isArray(runs)) continue;
		const items = runs.flatMap((run) =>
			(run?.data?.main?.[0] ?? []).map((item) => item?.json ?? {}),
		);
		outputs.push({
			node: { ...node, parameters: node.parameters ?? {}, credentials: node.credentials ?? {} },
			items,
		});
	}
	return {
		...summary,
		readable: runData !== undefined && body.dataTooLargeToDisplay !== true,
		outputs,
	};
}
