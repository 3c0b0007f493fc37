import {
	type IExecuteFunctions,
	type INodeListSearchResult,
	type INodeProperties,
	type INodePropertyOptions,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';

/** The operation file chosen by the node's Resource and Operation parameters. */
export function selectOperation<Operation>(
	context: IExecuteFunctions,
	operations: Record<string, Record<string, Operation>>,
): Operation {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const selected = operations[resource]?.[operation];
	if (!selected) {
		throw new NodeOperationError(
			nodeOf(context),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return selected;
}

/** The Operation selector shown for one resource. */
export function operationParameter(
	resource: string,
	defaultOperation: string,
	options: Array<{ name: string; value: string; action: string; description: string }>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/**
 * The node's subtitle on the canvas: the chosen resource and operation in words ("Lead: Create or Update"), read
 * from the Resource and Operation selectors, instead of the internal values ("upsert: lead").
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	const resourceNames = new Map<string, string>();
	for (const property of properties) {
		if (property.name !== 'resource' || !Array.isArray(property.options)) continue;
		for (const option of property.options as Array<{ value?: unknown; name: string }>)
			resourceNames.set(String(option.value), option.name);
	}
	for (const property of properties) {
		if (property.name !== 'operation' || !Array.isArray(property.options)) continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of property.options as Array<{ value?: unknown; name: string }>) {
				// "Lead: Create or Update": n8n names a new node after the action ("Create or update a lead"), so the
				// subtitle says resource and operation instead of repeating it
				actions[`${resource}:${String(option.value)}`] =
					`${resourceNames.get(resource) ?? resource}: ${option.name}`;
			}
		}
	}
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}

/**
 * The only entry of a dropdown whose list depends on a field not filled yet: it says what to fill first, in the
 * list itself (an error would show n8n's "Error fetching options", with the reason only on hover).
 */
export function fillFirstOption(what: string): INodePropertyOptions[] {
	return [
		{ name: `Fill in ${what} first`, value: '', description: `This list is loaded from ${what}` },
	];
}

/** The "Concurrent Requests" option: how many items (requests) go at once. */
export function concurrencyOption(
	defaultValue: number,
	maxValue: number,
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Concurrent Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue },
		default: defaultValue,
		description,
		...extra,
	};
}

/** The "Timeout (Seconds)" option: how long to wait for each answer. */
export function timeoutOption(description: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description,
	};
}

/** The node's "Options" collection. */
export function optionsCollection(
	options: INodeProperties[],
	placeholder = 'Add option',
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder,
		default: {},
		options,
	};
}

/** The Operation values whose operations write (they have a delivery key): where "Skip Already Delivered" shows. */
export function writingOperations(
	operations: Record<string, Record<string, { deliveryKey?: unknown }>>,
): string[] {
	const names = new Set<string>();
	for (const byOperation of Object.values(operations)) {
		for (const [name, operation] of Object.entries(byOperation))
			if (operation.deliveryKey) names.add(name);
	}
	return [...names];
}

/** Return All / Limit, as every n8n "Get Many" has, shown where `show` says. */
export function returnAllOrLimitParameters(
	show: NonNullable<INodeProperties['displayOptions']>['show'],
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/**
 * A locator's "From List": the options whose name holds what the user typed (all when nothing is typed); those
 * without a value (a "choose first" hint, "No Link") are left out. `url` gives an option's link, if any.
 */
export function listSearchResults(
	options: INodePropertyOptions[],
	filter?: string,
	url?: (option: INodePropertyOptions) => string | undefined,
): INodeListSearchResult {
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: options
			.filter((o) => o.value !== '' && (wanted === '' || o.name.toLowerCase().includes(wanted)))
			.map((o) => {
				const link = url?.(o);
				return { name: o.name, value: o.value as string, ...(link ? { url: link } : {}) };
			}),
	};
}
