import {
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, isBlank } from '../../../shared/input';
import { hasOwn, ownValue } from '../../../../credentials/common/ownKeys';
import type { PhpFormValue } from '../../../../credentials/common/phpForm';
import { formIdPath, formKeyFromId, inputFieldPath } from '../../campaign';

/** Reads the lead's form fields out of the field mapper (or the input item, with "Map Automatically"). */

type MapperSchema = Array<{
	id: string;
	displayName?: string;
	required?: boolean;
	removed?: boolean;
}>;

/**
 * The value a mapped field has in the mapper's values (or the item): under its id, under its form key, or down its
 * path of nested objects. Own properties only: an item field is data, not a way into an object's prototype.
 */
function readMapped(source: IDataObject, id: string, path: string[]): unknown {
	if (hasOwn(source, id)) return source[id];
	const key = formKeyFromId(id);
	if (hasOwn(source, key)) return source[key];
	let current: unknown = source;
	for (const segment of path) current = ownValue(current, segment);
	return current;
}

/** The fields sent for one item, each with its path inside `form` (checked: no step reaches a prototype). */
function fieldsToSend(
	node: INode,
	itemIndex: number,
	schema: MapperSchema,
	source: IDataObject,
): Array<{ id: string; path: string[]; value: unknown }> {
	if (schema.length > 0) {
		// the form's own fields, as Convertr listed them when the list was loaded
		return schema.map(({ id }) => {
			const path = formIdPath(id);
			if (!path)
				throw invalidInput(
					node,
					itemIndex,
					`field "${id.slice(0, 60)}" of the field list`,
					'is not a form field name Convertr can take',
					'Refresh the field list (⋮ → Refresh Field List) and map the fields again.',
				);
			return { id, path, value: readMapped(source, id, path) };
		});
	}
	// no field list (the campaign or the form is an expression): the item's own field names, each checked
	const fields: Array<{ id: string; path: string[]; value: unknown }> = [];
	const taken = new Set<string>();
	for (const name of Object.keys(source)) {
		const path = inputFieldPath(name);
		const label = `input field "${name.slice(0, 60)}"`;
		if (!path)
			throw invalidInput(
				node,
				itemIndex,
				label,
				'is not a form field name: use letters, digits, _ and -, with at most one / between two names (or form[a][b])',
				'With no field list, Map Automatically sends every input field as form[name]: rename the field, or remove it before this node.',
			);
		const id = path.join('/');
		if (taken.has(id))
			throw invalidInput(node, itemIndex, label, `gives ${formKeyFromId(id)} a second time`);
		taken.add(id);
		fields.push({ id, path, value: source[name] });
	}
	return fields;
}

/** Collects the mapped values, checks them, and returns them as `form[...]` nested data plus the flat list sent. */
export function collectFields(
	this: IExecuteFunctions,
	itemIndex: number,
): { form: Record<string, PhpFormValue>; sent: IDataObject; leftOut: string[] } {
	const node = nodeOf(this);
	// Only the mapped values can hold expressions: read the schema and the mode without resolving them again.
	const schema = (this.getNodeParameter('columns.schema', 0, []) as MapperSchema).filter(
		(field) => !field.removed,
	);
	const labelOf = (id: string) =>
		`field "${schema.find((f) => f.id === id)?.displayName ?? id}" (${formKeyFromId(id)})`;
	let source: IDataObject;
	const automatic =
		this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	try {
		source = automatic
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
	const form: Record<string, PhpFormValue> = Object.create(null) as Record<string, PhpFormValue>;
	const sent: IDataObject = {};
	for (const { id, path, value } of fieldsToSend(node, itemIndex, schema, source)) {
		const field = schema.find((f) => f.id === id);
		const key = formKeyFromId(id);
		const label = labelOf(id);
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
		for (const segment of path.slice(0, -1)) {
			const next = ownValue(branch, segment);
			if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
				branch = next as Record<string, PhpFormValue>;
			} else {
				const created = Object.create(null) as Record<string, PhpFormValue>;
				branch[segment] = created;
				branch = created;
			}
		}
		branch[path[path.length - 1]] = text;
		sent[key] = text;
	}
	if (Object.keys(sent).length === 0) {
		throw invalidInput(node, itemIndex, 'Fields', 'are all empty: map at least one form field');
	}
	return { form, sent, leftOut: automatic && schema.length > 0 ? leftOutOf(schema, source) : [] };
}

/** With Map Automatically and the form's field list: the input fields no form field reads (they are not sent). */
function leftOutOf(schema: MapperSchema, source: IDataObject): string[] {
	const read = new Set<string>();
	for (const { id } of schema) {
		read.add(id);
		read.add(formKeyFromId(id));
		read.add(id.split('/')[0]);
	}
	return Object.keys(source).filter((name) => !read.has(name));
}

/** Input fields already named in this execution's hints: each name once, and no hint after the first hundred names */
const hinted = new WeakMap<object, Set<string>>();

const MAX_NAMES_HINTED = 100;

/**
 * Tells the user, beside the run's output, which input fields Map Automatically did not send because the form has
 * no such field: a field named `phone` where the form has `telephone` is otherwise dropped without a word.
 */
export function hintLeftOut(
	this: IExecuteFunctions,
	itemIndex: number,
	formId: string,
	leftOut: string[],
): void {
	const seen = hinted.get(this) ?? new Set<string>();
	hinted.set(this, seen);
	const fresh = leftOut.filter((name) => !seen.has(name));
	if (fresh.length === 0 || seen.size >= MAX_NAMES_HINTED) return;
	for (const name of fresh) seen.add(name);
	const names = fresh.slice(0, 20).map((name) => `"${name.slice(0, 60)}"`);
	this.addExecutionHints({
		type: 'warning',
		location: 'outputPane',
		message: `Map Automatically left out input field${fresh.length === 1 ? '' : 's'} ${names.join(', ')}${fresh.length > 20 ? ', …' : ''} (from item ${itemIndex}): form ${formId} has no such field. Rename ${fresh.length === 1 ? 'it' : 'them'} to a field of the form (see the field list with Map Each Field Below), or remove ${fresh.length === 1 ? 'it' : 'them'} before this node.`,
	});
}
