import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as a fake received it: what tests assert on. */
export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The query string as sent (without `?`), for repeated keys such as `a[]=1&a[]=2` */
	rawQuery: string;
	headers: http.IncomingHttpHeaders;
	rawBody: string;
	receivedAt: number;
}

export type FakeAnswer =
	| { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
	| { reset: true }
	/** Status line, headers and half a body, then the connection drops (a reset mid-response) */
	| { truncate: true; status: number }
	| { hang: true };

export type FakeHandler = (request: RecordedRequest) => Promise<FakeAnswer> | FakeAnswer;

export interface FakeServer {
	url: string;
	requests: RecordedRequest[];
	stop(): Promise<void>;
}

export function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A real HTTP server on 127.0.0.1 with a random port (or the one given) that records every request and answers through `handler`. */
export async function startFakeServer(
	handler: FakeHandler,
	options: { latencyMs?: () => number; port?: number } = {},
): Promise<FakeServer> {
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const recorded: RecordedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams.entries()),
				rawQuery: url.search.slice(1),
				headers: req.headers,
				rawBody: Buffer.concat(chunks).toString('utf8'),
				receivedAt: Date.now(),
			};
			requests.push(recorded);
			void (async () => {
				const latency = options.latencyMs?.() ?? 0;
				if (latency > 0) await sleepMs(latency);
				let answer: FakeAnswer;
				try {
					answer = await handler(recorded);
				} catch (error) {
					answer = {
						status: 500,
						body: { code: 500, message: `fake failed: ${(error as Error).message}` },
					};
				}
				if ('reset' in answer) {
					req.socket.destroy();
					return;
				}
				if ('hang' in answer) return;
				if ('truncate' in answer) {
					res.writeHead(answer.status, {
						'Content-Type': 'application/json',
						'Content-Length': '400',
					});
					res.write('{"data": 12');
					setImmediate(() => req.socket.destroy());
					return;
				}
				const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
				res.writeHead(answer.status, {
					'Content-Type': answer.raw !== undefined ? 'text/html' : 'application/json',
					...answer.headers,
				});
				res.end(text);
			})();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
