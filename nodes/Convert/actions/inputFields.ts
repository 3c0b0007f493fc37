import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { valueAt } from '../../shared/input';
import type { InputField } from './common.descriptions';

/**
 * The values of one item when the operation's "Values From" is Input Fields: each read from the item's field named
 * once for the execution (no expression evaluated per item), with the label an error names it by. Undefined when
 * the values come from the parameters.
 */
export interface ItemFieldValues {
	value(key: string): unknown;
	label(key: string): string;
}

interface FieldNames {
	/** The item field of each value, by key */
	names: Map<string, string>;
	/** How errors name each value, by key */
	labels: Map<string, string>;
}

/** Field names by execution (n8n gives an operation's items one context object): read once, on the first item */
const namesByExecution = new WeakMap<object, FieldNames | null>();

function fieldNames(this: IExecuteFunctions, fields: InputField[]): FieldNames | null {
	let found = namesByExecution.get(this);
	if (found !== undefined) return found;
	found = null;
	if (this.getNodeParameter('valuesFrom', 0, 'parameters') === 'inputFields') {
		found = { names: new Map(), labels: new Map() };
		for (const field of fields) {
			const name = String(
				this.getNodeParameter(`${field.key}Field`, 0, field.default) ?? '',
			).trim();
			if (name === '') {
				throw new NodeOperationError(this.getNode(), `${field.displayName} Field is empty`, {
					description:
						'Name the input field that holds this value, or choose Values From: Parameters.',
				});
			}
			found.names.set(field.key, name);
			found.labels.set(field.key, `${field.displayName} (input field "${name}")`);
		}
	}
	namesByExecution.set(this, found);
	return found;
}

export function itemFieldValues(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: InputField[],
): ItemFieldValues | undefined {
	const found = fieldNames.call(this, fields);
	if (!found) return undefined;
	const json: IDataObject | undefined = this.getInputData()[itemIndex]?.json;
	return {
		value: (key) => valueAt(json, found.names.get(key) ?? key),
		label: (key) => found.labels.get(key) ?? key,
	};
}
