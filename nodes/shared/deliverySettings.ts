/**
 * "Skip Already Delivered" as a node shows it and an operation names its items: the node parameters, the settings of
 * an execution, which other nodes share the workflow's history, and the delivery keys.
 */
import type {
	DeduplicationScope,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeTypeAndVersion,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { ownValue } from '../../credentials/common/ownKeys';

export interface DeliverySettings {
	scope: DeduplicationScope;
	/** How many deliveries the history keeps (the oldest go first) */
	historySize: number;
	resendUnconfirmed: boolean;
	/** Clear the history before this run */
	forget: boolean;
}

const isExpression = (value: unknown): boolean =>
	typeof value === 'string' && value.startsWith('=');

/** Operations of n8n's Remove Duplicates node that keep a history in the store */
const REMOVE_DUPLICATES_HISTORY = new Set([
	'removeItemsSeenInPreviousExecutions',
	'clearDeduplicationHistory',
]);

/** Whether a node (as n8n lists it, with its parameters) keeps entries in its workflow's history */
function keepsWorkflowHistory(node: NodeTypeAndVersion): boolean {
	const parameters = node.parameters ?? {};
	const value = (name: string) => ownValue(parameters, name);
	const option = (collection: string, name: string) => ownValue(value(collection), name);
	// a node of this package (any of them, any package built from it): Skip Already Delivered, Whole Workflow
	const skips = value('skipDelivered');
	if (
		(skips === true || isExpression(skips)) &&
		(option('deliveryHistory', 'scope') === 'workflow' ||
			isExpression(option('deliveryHistory', 'scope')))
	)
		return true;
	// n8n's Remove Duplicates with its history kept by the workflow
	return (
		node.type.endsWith('.removeDuplicates') &&
		REMOVE_DUPLICATES_HISTORY.has(String(value('operation'))) &&
		option('options', 'context') === 'workflow'
	);
}

/**
 * The other nodes of the workflow that keep entries in the workflow's history, as far as the node's connections
 * reach (n8n's public interface lists a node's parents and children, not the whole workflow). Disabled ones do not run.
 */
export function workflowHistoryUsers(context: IExecuteFunctions): string[] {
	const self = nodeOf(context).name;
	const seen = new Set([self]);
	const queue = [self];
	const users: string[] = [];
	while (queue.length > 0) {
		const name = queue.shift()!;
		let neighbours: NodeTypeAndVersion[];
		try {
			neighbours = [
				...context.getParentNodes(name, { includeNodeParameters: true, depth: 1 }),
				...context.getChildNodes(name, { includeNodeParameters: true }),
			];
		} catch {
			// an n8n without these (or a context that cannot answer) tells nothing of the other nodes
			neighbours = [];
		}
		for (const node of neighbours) {
			if (seen.has(node.name)) continue;
			seen.add(node.name);
			queue.push(node.name);
			if (!node.disabled && keepsWorkflowHistory(node)) users.push(node.name);
		}
	}
	return users;
}

/** The node parameters of "Skip Already Delivered", shown for the operations that write. */
export function deliveryParameters(operations: string[], defaultKey: string): INodeProperties[] {
	const show = { operation: operations };
	return [
		{
			displayName: 'Skip Already Delivered',
			name: 'skipDelivered',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description:
				"Whether to remember each delivery (in n8n's database) and skip an item delivered before, so that running the workflow again, or retrying a failed execution, never sends it twice",
		},
		{
			displayName: 'Delivery History',
			name: 'deliveryHistory',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: { ...show, skipDelivered: [true] } },
			options: [
				{
					displayName: 'Delivery Key',
					name: 'key',
					type: 'string',
					default: '',
					placeholder: '={{ $json.email }}',
					description: `What makes two items the same delivery. Empty: ${defaultKey}.`,
				},
				{
					displayName: 'Forget History First',
					name: 'forget',
					type: 'boolean',
					default: false,
					description:
						'Whether to clear the remembered deliveries before this run (then turn it off again)',
				},
				{
					displayName: 'History Size',
					name: 'historySize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 10000,
					description: 'How many deliveries are remembered; the oldest are forgotten first',
				},
				{
					displayName: 'Remember In',
					name: 'scope',
					type: 'options',
					options: [
						{ name: 'This Node', value: 'node', description: 'Deliveries of this node only' },
						{
							name: 'Whole Workflow',
							value: 'workflow',
							description: 'Shared by every node of the workflow that remembers in the workflow',
						},
					],
					default: 'node',
				},
				{
					displayName: 'Resend Possibly Delivered',
					name: 'resendUnconfirmed',
					type: 'boolean',
					default: false,
					description:
						'Whether to send again an item an earlier run sent without getting a confirmation (a timeout, a dropped connection, n8n stopped). It may then arrive twice.',
				},
			],
		},
	];
}

/** The settings of this execution, or undefined when the node does not skip delivered items. */
export function readDeliverySettings(context: IExecuteFunctions): DeliverySettings | undefined {
	if (context.getNodeParameter('skipDelivered', 0, false) !== true) return undefined;
	const raw = context.getNodeParameter('deliveryHistory', 0, {}) as IDataObject;
	// the collection's own options only: nothing inherited decides where a history is kept
	const option = (name: string) => ownValue(raw, name);
	const historySize = option('historySize');
	return {
		scope: option('scope') === 'workflow' ? 'workflow' : 'node',
		historySize: typeof historySize === 'number' && historySize >= 1 ? historySize : 10000,
		resendUnconfirmed: option('resendUnconfirmed') === true,
		forget: option('forget') === true,
	};
}

/**
 * A delivery key from its parts, joined by `|` with each part's own `%` and `|` escaped (`%25`, `%7C`), so that two
 * different lists of parts never give one key (`v|1` + `t` against `v` + `1|t`). A part holding neither reads as
 * before, so the histories recorded before this encoding keep matching.
 */
export function deliveryKeyOf(...parts: Array<string | number>): string {
	return parts.map((part) => String(part).replace(/%/g, '%25').replace(/\|/g, '%7C')).join('|');
}

/** A value as text with its object keys sorted: the same data gives the same delivery key. */
export function stableText(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as IDataObject).sort(([a], [b]) => a.localeCompare(b)))
			: v,
	);
}
