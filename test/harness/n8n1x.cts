// n8n 1.x's request helper, on n8n-core 2.41's engine: n8n 1.123 wraps whatever axios threw in its own NodeApiError
// (n8n-workflow 1.120), whose constructor drops the axios error (a class field resets `cause`): what is left is
// `httpCode`, `context.data` (a JSON body), `description` and `messages`. A node type wrapped here sees its requests'
// failures exactly in that shape, from the same fake servers, so a test can prove what a 1.123 user gets.
import type { IExecuteFunctions, INodeType, JsonObject } from 'n8n-workflow';
import { NodeApiError as NodeApiError1x } from 'n8n-workflow-1x';

/** What n8n 1.x's `httpRequestWithAuthentication` throws for the error 2.41's helper threw */
function as1x(context: IExecuteFunctions, error: unknown): unknown {
	// 2.41 throws a NodeApiError whose cause is the axios error; 1.x wraps the axios error itself
	const cause = (error as { cause?: unknown }).cause;
	const original = cause instanceof Error ? cause : error;
	return new NodeApiError1x(context.getNode() as never, original as JsonObject);
}

/** The node type, running its requests through a request helper that fails as n8n 1.x's does */
export function onN8n1x(nodeType: INodeType): INodeType {
	const execute = nodeType.execute;
	if (!execute) throw new Error(`${nodeType.description.name} has no execute`);
	return {
		description: nodeType.description,
		methods: nodeType.methods,
		async execute(this: IExecuteFunctions) {
			return await execute.call(failingAs1x(this));
		},
	};
}

/** The context, its request helper failing as n8n 1.x's does */
function failingAs1x(context: IExecuteFunctions): IExecuteFunctions {
	const helpers = new Proxy(context.helpers, {
		get(target, property) {
			const value = Reflect.get(target, property) as unknown;
			if (property !== 'httpRequestWithAuthentication' || typeof value !== 'function')
				return typeof value === 'function' ? value.bind(target) : value;
			return async (...args: unknown[]) => {
				try {
					return await (value as (...a: unknown[]) => Promise<unknown>).apply(context, args);
				} catch (error) {
					throw as1x(context, error);
				}
			};
		},
	});
	return new Proxy(context, {
		get(target, property) {
			if (property === 'helpers') return helpers;
			const value = Reflect.get(target, property) as unknown;
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}
