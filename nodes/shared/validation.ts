import { type INode, NodeOperationError } from 'n8n-workflow';

/** "Item 3" — items are numbered from 1 for people; n8n's itemIndex (0-based) goes along in the error's context. */
export function itemLabel(itemIndex: number): string {
	return `Item ${itemIndex + 1}`;
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

/** A positive whole number given as a number or a string of digits; anything else is an error naming the field. */
export function requireId(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	options: { optional?: boolean } = {},
): string | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (text === undefined || text === '') {
		if (options.optional && (value === undefined || value === null || text === '')) return undefined;
		if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number') {
			throw invalidInput(node, itemIndex, field, `must be a number, not ${Array.isArray(value) ? 'a list' : typeof value}`);
		}
		throw invalidInput(node, itemIndex, field, 'is required');
	}
	if (!/^\d{1,18}$/.test(text) || /^0+$/.test(text)) {
		throw invalidInput(node, itemIndex, field, `must be a positive whole number, got "${text.slice(0, 40)}"`);
	}
	return text;
}

/**
 * An ID that is a token rather than a number (Convert's legacy tracking shows experiences "ABCD", "DEF"):
 * letters, digits, `-` and `_`, up to 64 characters; anything else is an error naming the field.
 */
export function requireToken(node: INode, itemIndex: number, field: string, value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		const kind = value === undefined || value === null ? 'empty' : Array.isArray(value) ? 'a list' : typeof value;
		throw invalidInput(node, itemIndex, field, `must be an ID (letters, digits, - or _), not ${kind}`);
	}
	const text = String(value).trim();
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
		throw invalidInput(node, itemIndex, field, `must be an ID of letters, digits, - or _; got "${text.slice(0, 40)}"`);
	}
	return text;
}

/** No value: undefined, null, or text that is empty or only white space (which APIs treat as blank). */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
