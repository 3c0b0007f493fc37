import {
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from './context';
import { ownValue } from '../../credentials/common/ownKeys';

/**
 * Input readers shared by every operation: each reads one value an item gave, checks it, and throws an error that
 * names the item and the field when it is not what the API takes. White space alone counts as empty everywhere.
 */

/**
 * "Item 2": items are numbered as n8n numbers them, from 0 (n8n's own errors say "[item 0]", its error view "Item
 * Index 0", expressions `$itemIndex`), so the number in a message is the one the user sees beside it.
 */
export function itemLabel(itemIndex: number): string {
	return `Item ${itemIndex}`;
}

export function invalidInput(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${itemLabel(itemIndex)}: ${field} ${problem}`, {
		itemIndex,
		description,
	});
}

/** No value: undefined, null, or text that is empty or only white space (which APIs treat as blank). */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/** How a value that is not what a field takes is named in an error: "a list", "object", "boolean", "empty". */
export function kindOf(value: unknown): string {
	if (value === undefined || value === null) return 'empty';
	return Array.isArray(value) ? 'a list' : typeof value;
}

/** Throws "must be text, not a list" (or `expected`) unless the value is text or a number. */
export function requireScalar(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	expected = 'text',
): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw invalidInput(node, itemIndex, field, `must be ${expected}, not ${kindOf(value)}`);
	}
	return String(value);
}

/** Text or a number, trimmed; `undefined` when blank. */
export function readText(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	maxLength = 500,
): string | undefined {
	if (isBlank(value)) return undefined;
	const text = requireScalar(node, itemIndex, field, value).trim();
	if (text.length > maxLength)
		throw invalidInput(node, itemIndex, field, `is longer than ${maxLength} characters`);
	return text;
}

/** A number given as a number or numeric text; `undefined` when blank. */
export function readNumber(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	options: { integer?: boolean; min?: number } = {},
): number | undefined {
	if (isBlank(value)) return undefined;
	const n =
		typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(n)) {
		const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : kindOf(value);
		throw invalidInput(node, itemIndex, field, `must be a number; got ${shown}`);
	}
	if (options.integer && !Number.isInteger(n))
		throw invalidInput(node, itemIndex, field, `must be a whole number; got ${n}`);
	if (options.min !== undefined && n < options.min)
		throw invalidInput(node, itemIndex, field, `must be at least ${options.min}; got ${n}`);
	return n;
}

/** A list given as an array, or as a comma-separated string (from an expression). */
export function listOf(value: unknown): unknown[] {
	if (isBlank(value)) return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'string')
		return value
			.split(',')
			.map((s) => s.trim())
			.filter((s) => s !== '');
	return [value];
}

/** A positive whole number given as a number or a string of digits; anything else is an error naming the field. */
export function requireId(node: INode, itemIndex: number, field: string, value: unknown): string;
export function requireId(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	options: { optional: true },
): string | undefined;
export function requireId(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	options: { optional?: boolean } = {},
): string | undefined {
	if (isBlank(value)) {
		if (options.optional) return undefined;
		throw invalidInput(node, itemIndex, field, 'is required');
	}
	const text = requireScalar(node, itemIndex, field, value, 'a number').trim();
	if (!/^\d{1,18}$/.test(text) || /^0+$/.test(text)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`must be a positive whole number, got "${text.slice(0, 40)}"`,
		);
	}
	return text;
}

/**
 * An ID that is a token rather than a number (Convert's legacy tracking shows experiences "ABCD", "DEF"):
 * letters, digits, `-` and `_`, up to 64 characters; anything else is an error naming the field.
 */
export function requireToken(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = requireScalar(
		node,
		itemIndex,
		field,
		value,
		'an ID (letters, digits, - or _)',
	).trim();
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`must be an ID of letters, digits, - or _; got "${text.slice(0, 40)}"`,
		);
	}
	return text;
}

/** The value of a resource locator parameter (`{__rl, mode, value}`), or the parameter itself when it is not one. */
export function locatorValue(value: unknown): IDataObject[string] {
	if (typeof value === 'object' && value !== null && (value as IDataObject).__rl === true)
		return (value as IDataObject).value;
	return value as IDataObject[string];
}

/** The value at a dotted path of an item's JSON (`customer.email`); undefined when a step is missing or inherited. */
export function valueAt(json: unknown, path: string): unknown {
	let value = json;
	// own properties only: a path is data, never a way into an object's prototype (`constructor`, `__proto__`)
	for (const part of path.split('.')) value = ownValue(value, part);
	return value;
}

/** Whether a parameter's value as the user set it holds an expression anywhere (n8n marks one with a leading "=") */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null)
		return Object.values(value).some(holdsExpression);
	return false;
}

/** Parameters without an expression, by execution (n8n gives an operation's items one context object) */
const fixedByExecution = new WeakMap<object, Map<string, unknown>>();

/**
 * A node parameter for one item, read through n8n once per execution when it holds no expression (then it is the
 * same for every item): n8n copies and checks a parameter on every read, which over thousands of items costs more
 * than the items' own work. A parameter with an expression anywhere in it is read for each item. Callers must not
 * change what it returns.
 */
export function itemParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
): unknown {
	if (holdsExpression(valueAt(nodeOf(context).parameters, name)))
		return context.getNodeParameter(name, itemIndex, fallback);
	let fixed = fixedByExecution.get(context);
	if (!fixed) {
		fixed = new Map();
		fixedByExecution.set(context, fixed);
	}
	if (!fixed.has(name)) fixed.set(name, context.getNodeParameter(name, itemIndex, fallback));
	return fixed.get(name);
}
