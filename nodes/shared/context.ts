import type { INode } from 'n8n-workflow';

/** The node of each context object n8n made (one for an operation's items, one per poll, per load of options) */
const nodes = new WeakMap<object, INode>();

/**
 * The node, read once per context: n8n's `getNode()` copies the node with all its parameters on every call, which
 * per item and per request costs more than the package's own work on them. Callers must not change it.
 */
export function nodeOf(context: { getNode(): INode }): INode {
	let node = nodes.get(context);
	if (node === undefined) {
		node = context.getNode();
		nodes.set(context, node);
	}
	return node;
}
