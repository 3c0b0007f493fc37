import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

/** The express-like request and response a webhook node gets from n8n. */
export interface WebhookExchange {
	request: {
		method: string;
		query: Record<string, string>;
		body: unknown;
		headers: http.IncomingHttpHeaders;
	};
	response: {
		status(code: number): WebhookExchange['response'];
		json(body: unknown): void;
		send(body: unknown): void;
	};
}

export interface WebhookServer {
	url: string;
	/** Items the node emitted, one array per call that started the workflow */
	emitted: INodeExecutionData[][];
	stop(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that does for a webhook node what n8n's webhook server does: parses the
 * query and a JSON or form body, hands both to the node's `webhook()`, and answers as the node says
 * (its own response, or n8n's "Workflow was started").
 */
export async function startWebhookServer(
	call: (exchange: WebhookExchange) => Promise<IWebhookResponseData>,
): Promise<WebhookServer> {
	const emitted: INodeExecutionData[][] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://127.0.0.1');
				const raw = Buffer.concat(chunks).toString('utf8');
				const type = String(req.headers['content-type'] ?? '');
				let body: unknown = {};
				try {
					if (raw !== '' && type.includes('json')) body = JSON.parse(raw);
					else if (raw !== '' && type.includes('x-www-form-urlencoded'))
						body = Object.fromEntries(new URLSearchParams(raw));
					else if (raw !== '') body = raw;
				} catch {
					res.writeHead(400).end('{"error":"unparseable body"}');
					return;
				}
				let statusCode = 200;
				const response: WebhookExchange['response'] = {
					status(code) {
						statusCode = code;
						return response;
					},
					json(payload) {
						res
							.writeHead(statusCode, { 'Content-Type': 'application/json' })
							.end(JSON.stringify(payload));
					},
					send(payload) {
						res
							.writeHead(statusCode)
							.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
					},
				};
				const request = {
					method: req.method ?? 'GET',
					query: Object.fromEntries(url.searchParams),
					body,
					headers: req.headers,
				};
				try {
					const result = await call({ request, response });
					if (result.workflowData) emitted.push(result.workflowData[0]);
					if (result.noWebhookResponse) return;
					res
						.writeHead(200, { 'Content-Type': 'application/json' })
						.end('{"message":"Workflow was started"}');
				} catch (error) {
					res.writeHead(500).end(JSON.stringify({ error: (error as Error).message }));
				}
			})();
		});
	});
	// a kept-alive connection of the test's client would hold the server (and jest's worker) open after stop
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/convertr`,
		emitted,
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
