import type { INode } from 'n8n-workflow';

/**
 * Whether the node in the workflow is at least this version: a node keeps the output shape of the version it was
 * added at (n8n's node versioning), so workflows built on an older shape keep working.
 */
export function isVersion(context: { getNode(): INode }, version: number): boolean {
	return nodeOf(context).typeVersion >= version;
}

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
