import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, isBlank } from '../../../shared/input';
import type { PhpFormValue } from '../../../shared/phpForm';
import { formKeyFromId } from '../../campaign';

/** Reads the lead's form fields out of the field mapper (or the input item, with "Map Automatically"). */

type MapperSchema = Array<{
	id: string;
	displayName?: string;
	required?: boolean;
	removed?: boolean;
}>;

function readNested(source: IDataObject, id: string): unknown {
	if (id in source) return source[id];
	const key = formKeyFromId(id);
	if (key in source) return source[key];
	let current: unknown = source;
	for (const segment of id.split('/')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as IDataObject)[segment];
	}
	return current;
}

/** Collects the mapped values, checks them, and returns them as `form[...]` nested data plus the flat list sent. */
export function collectFields(
	this: IExecuteFunctions,
	itemIndex: number,
): { form: Record<string, PhpFormValue>; sent: IDataObject } {
	const node = nodeOf(this);
	// Only the mapped values can hold expressions: read the schema and the mode without resolving them again.
	const schema = (this.getNodeParameter('columns.schema', 0, []) as MapperSchema).filter(
		(field) => !field.removed,
	);
	const labelOf = (id: string) =>
		`field "${schema.find((f) => f.id === id)?.displayName ?? id}" (${formKeyFromId(id)})`;
	let source: IDataObject;
	try {
		source =
			this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData'
				? this.getInputData()[itemIndex].json
				: ((this.getNodeParameter('columns.value', itemIndex, {}) ?? {}) as IDataObject);
	} catch (error) {
		// n8n checks required mapped fields itself ("Invalid input for 'email' [item 1]"): say it as the node does
		const invalid = /^Invalid input for '(.+)' \[item \d+\]$/.exec(
			String((error as Error)?.message ?? ''),
		);
		if (!invalid) throw new NodeOperationError(node, error as Error, { itemIndex });
		const detail = String((error as { description?: unknown }).description ?? '').replace(
			/^The value "[^"]*" (is )?/,
			'',
		);
		throw invalidInput(
			node,
			itemIndex,
			labelOf(invalid[1]),
			/required/.test(detail)
				? 'is required by the form but has no value'
				: detail || 'is not valid',
		);
	}
	const ids = schema.length > 0 ? schema.map((f) => f.id) : Object.keys(source);
	const form: Record<string, PhpFormValue> = {};
	const sent: IDataObject = {};
	for (const id of ids) {
		const field = schema.find((f) => f.id === id);
		const key = formKeyFromId(id);
		const label = labelOf(id);
		const value = readNested(source, id);
		if (isBlank(value) || value === false) {
			if (field?.required)
				throw invalidInput(node, itemIndex, label, 'is required by the form but has no value');
			continue;
		}
		let text: string;
		if (typeof value === 'string') text = value;
		else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
		else if (value === true) text = 'true';
		else {
			const kind = Array.isArray(value)
				? 'a list'
				: typeof value === 'object'
					? 'an object'
					: String(value);
			throw invalidInput(node, itemIndex, label, `must be text or a number, not ${kind}`);
		}
		let branch = form;
		const path = id.split('/');
		for (const segment of path.slice(0, -1)) {
			if (typeof branch[segment] !== 'object' || branch[segment] === null) branch[segment] = {};
			branch = branch[segment] as Record<string, PhpFormValue>;
		}
		branch[path[path.length - 1]] = text;
		sent[key] = text;
	}
	if (Object.keys(sent).length === 0) {
		throw invalidInput(node, itemIndex, 'Fields', 'are all empty: map at least one form field');
	}
	return { form, sent };
}
