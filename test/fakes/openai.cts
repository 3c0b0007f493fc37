// A fake of OpenAI's Chat Completions API (GET /v1/models, POST /v1/chat/completions, plain or streamed), for an
// n8n AI Agent whose OpenAI credential's Base URL points here. Its "model" is a script: given tools, it calls the
// ones whose descriptions match what it was asked to do (read from the tool list n8n sends, as a model would), with
// arguments for their declared parameters taken from the user's message; given the tools' results, it answers with
// them. Every request is recorded.
import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer.cjs';

export const OPENAI_MODEL = 'gpt-4o-mini';
export const OPENAI_KEY = 'sk-fake-openai-key-0001';

/** One tool as n8n describes it to the model */
export interface OfferedTool {
	name: string;
	description: string;
	parameters: { properties?: Record<string, { type?: string; description?: string }> };
}

/** A tool the script calls: the first offered tool whose description matches `description` */
export interface WantedCall {
	description: string;
	/** What the tool's parameters are filled from, by parameter name */
	arguments: Record<string, string>;
}

export interface OpenAiFakeOptions {
	/** The calls the model makes when the conversation has no tool results yet */
	calls?: WantedCall[];
}

export interface OpenAiFake extends FakeServer {
	options: OpenAiFakeOptions;
	/** The tools of each chat request, in order */
	offeredTools: OfferedTool[][];
	/** The calls the model made: tool name and arguments */
	toolCalls: Array<{ name: string; arguments: Record<string, string> }>;
	/** The tool results the model was given back */
	toolResults: string[];
	/** Descriptions asked for that no offered tool matched */
	unmatched: string[];
}

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: Array<{ type: string; function: OfferedTool }>;
	stream?: boolean;
}

const text = (content: unknown): string =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((part: { text?: unknown }) => String(part?.text ?? '')).join('')
			: '';

export async function startOpenAiFake(options: OpenAiFakeOptions = {}): Promise<OpenAiFake> {
	const offeredTools: OfferedTool[][] = [];
	const toolCalls: OpenAiFake['toolCalls'] = [];
	const toolResults: string[] = [];
	const unmatched: string[] = [];
	let nextId = 1;

	/** An answer as OpenAI gives it: one JSON completion, or its chunks as server-sent events */
	const completion = (request: ChatRequest, message: Record<string, unknown>): FakeAnswer => {
		const finish = message.tool_calls ? 'tool_calls' : 'stop';
		const base = {
			id: `chatcmpl-${nextId++}`,
			created: Math.floor(Date.now() / 1000),
			model: request.model ?? OPENAI_MODEL,
		};
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (!request.stream) {
			return {
				status: 200,
				body: {
					...base,
					object: 'chat.completion',
					choices: [
						{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish },
					],
					usage,
				},
			};
		}
		const calls = (message.tool_calls as Array<Record<string, unknown>> | undefined) ?? [];
		const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
			`data: ${JSON.stringify({
				...base,
				object: 'chat.completion.chunk',
				choices: [{ index: 0, delta, finish_reason: finishReason }],
			})}\n\n`;
		const events = [
			chunk({ role: 'assistant', content: calls.length ? null : message.content }, null),
			...calls.map((call, index) => chunk({ tool_calls: [{ index, ...call }] }, null)),
			chunk({}, finish),
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
			'data: [DONE]\n\n',
		];
		return {
			status: 200,
			raw: events.join(''),
			headers: { 'Content-Type': 'text/event-stream' },
		};
	};

	const chat = (request: ChatRequest): FakeAnswer => {
		const tools = (request.tools ?? []).map((t) => t.function);
		offeredTools.push(tools);
		const messages = request.messages ?? [];
		const results = messages.filter((m) => m.role === 'tool').map((m) => text(m.content));
		if (results.length > 0) {
			toolResults.push(...results);
			return completion(request, {
				content: `Done. The tools answered: ${results.join(' | ')}`,
			});
		}
		const calls = [];
		for (const wanted of options.calls ?? []) {
			const pattern = new RegExp(wanted.description, 'i');
			const tool = tools.find((t) => pattern.test(t.description));
			if (!tool) {
				unmatched.push(wanted.description);
				continue;
			}
			const args: Record<string, string> = {};
			for (const name of Object.keys(tool.parameters.properties ?? {}))
				args[name] = wanted.arguments[name] ?? '';
			toolCalls.push({ name: tool.name, arguments: args });
			calls.push({
				id: `call_${nextId++}`,
				type: 'function',
				function: { name: tool.name, arguments: JSON.stringify(args) },
			});
		}
		if (calls.length === 0)
			return completion(request, { content: `No tool does this: ${unmatched.join('; ')}` });
		return completion(request, { content: null, tool_calls: calls });
	};

	const handler = (request: RecordedRequest): FakeAnswer => {
		if (request.headers.authorization !== `Bearer ${OPENAI_KEY}`)
			return {
				status: 401,
				body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
			};
		if (request.method === 'GET' && request.path === '/v1/models')
			return {
				status: 200,
				body: { object: 'list', data: [{ id: OPENAI_MODEL, object: 'model', owned_by: 'fake' }] },
			};
		if (request.method === 'POST' && request.path === '/v1/chat/completions')
			return chat(JSON.parse(request.rawBody) as ChatRequest);
		return { status: 404, body: { error: { message: `Unknown route ${request.path}` } } };
	};

	const server = await startFakeServer(handler);
	return { ...server, options, offeredTools, toolCalls, toolResults, unmatched };
}
