/**
 * A fake of n8n's public API for executions (`/api/v1/executions`), as n8n 2.41 serves it: an `X-N8N-API-KEY`
 * header, newest first, `workflowId` / `status` / `startedAfter` / `limit` / `cursor` filters, executions n8n is
 * running left out of a list that does not ask for `status=running`, no start time for queued executions, and
 * `includeData` giving the run data and the workflow's nodes as they ran. Every request is recorded.
 */
import type { IDataObject, INode, IRunData } from 'n8n-workflow';

import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer.cjs';

export const N8N_API_KEY = 'n8n-api-key-0f3b9d7c5a1e';

export type ExecutionStatus = 'new' | 'running' | 'waiting' | 'success' | 'error' | 'canceled';

export interface FakeExecution {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	startedAt: number | null;
	nodes: INode[];
	runData: IRunData;
	/** n8n withholds the data of an execution over its display size unless asked to ignore the limit */
	tooLarge?: boolean;
}

export interface N8nApiFake extends FakeServer {
	/** The base address a credential names (ends in /api/v1) */
	baseUrl: string;
	executions: FakeExecution[];
	/** Adds an execution; its ID follows n8n's one counter for all workflows */
	add(execution: Omit<FakeExecution, 'id'>): FakeExecution;
	/** Requests that listed or read executions */
	reads(): RecordedRequest[];
}

export async function startN8nApiFake(): Promise<N8nApiFake> {
	const executions: FakeExecution[] = [];
	let counter = 1000;
	const json = (status: number, body: unknown): FakeAnswer => ({ status, body });

	const listItem = (execution: FakeExecution, withData: boolean): IDataObject => ({
		id: execution.id,
		finished: execution.status === 'success',
		mode: 'webhook',
		status: execution.status,
		startedAt: execution.startedAt === null ? null : new Date(execution.startedAt).toISOString(),
		stoppedAt: null,
		workflowId: execution.workflowId,
		...(withData && !execution.tooLarge
			? {
					data: { resultData: { runData: execution.runData } },
					workflowData: { id: execution.workflowId, nodes: execution.nodes },
				}
			: {}),
		...(withData && execution.tooLarge ? { dataTooLargeToDisplay: true } : {}),
	});

	const handler = (request: RecordedRequest): FakeAnswer => {
		if (request.headers['x-n8n-api-key'] !== N8N_API_KEY) {
			return json(401, { message: 'unauthorized' });
		}
		const one = /^\/api\/v1\/executions\/(\d+)$/.exec(request.path);
		if (one && request.method === 'GET') {
			const execution = executions.find((e) => e.id === one[1]);
			if (!execution) return json(404, { message: 'Not Found' });
			return json(200, listItem(execution, request.query.includeData === 'true'));
		}
		if (request.path === '/api/v1/executions' && request.method === 'GET') {
			const q = request.query;
			const limit = Math.min(Math.max(Number(q.limit ?? 100), 1), 250);
			const lastId = q.cursor
				? String(
						(JSON.parse(Buffer.from(q.cursor, 'base64').toString('utf8')) as { lastId: string })
							.lastId,
					)
				: undefined;
			const after = q.startedAfter ? Date.parse(q.startedAfter) : undefined;
			const matching = executions
				.filter((e) => !q.workflowId || e.workflowId === q.workflowId)
				.filter((e) => (q.status ? e.status === q.status : e.status !== 'running'))
				.filter((e) => after === undefined || (e.startedAt !== null && e.startedAt > after))
				.filter((e) => lastId === undefined || Number(e.id) < Number(lastId))
				.sort((a, b) => Number(b.id) - Number(a.id));
			const page = matching.slice(0, limit);
			const more = matching.length > limit;
			return json(200, {
				data: page.map((e) => listItem(e, q.includeData === 'true')),
				nextCursor: more
					? Buffer.from(JSON.stringify({ lastId: page[page.length - 1].id, limit })).toString(
							'base64',
						)
					: null,
			});
		}
		return json(404, { message: 'Not Found' });
	};

	const server = await startFakeServer(handler);
	return {
		...server,
		baseUrl: `${server.url}/api/v1`,
		executions,
		add(execution) {
			const stored = { ...execution, id: String(++counter) };
			executions.push(stored);
			return stored;
		},
		reads: () => server.requests.filter((r) => r.path.startsWith('/api/v1/executions')),
	};
}
