/**
 * PHP-style form encoding (`http_build_query`), the body format both Convertr and Kartra read:
 * nested objects and arrays become bracketed keys (`form[lookup][postcode]=…`, `a[0][b]=…`).
 */

export type PhpFormValue =
	string | number | boolean | null | undefined | PhpFormValue[] | { [key: string]: PhpFormValue };

/** Percent-encodes like PHP's `urlencode`: everything but `A-Z a-z 0-9 - _ .` is escaped, space becomes `+`. */
export function phpUrlEncode(value: string): string {
	return encodeURIComponent(value)
		.replace(/[!'()*~]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase())
		.replace(/%20/g, '+');
}

function scalarToString(value: string | number | boolean): string {
	// http_build_query writes booleans as 1 / 0
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

export interface PhpFormStyle {
	/** Lists of plain values as `a[]=x&a[]=y` (what PHP reads the same as `a[0]=x&a[1]=y`), as some APIs document them */
	emptyBracketLists?: boolean;
}

/**
 * Flattens a nested value into `[key, value]` pairs with PHP bracket keys, in insertion order.
 * `null` and `undefined` are left out, as http_build_query does.
 */
export function flattenPhpForm(
	value: PhpFormValue,
	prefix = '',
	style: PhpFormStyle = {},
): Array<[string, string]> {
	if (value === null || value === undefined) return [];
	if (typeof value !== 'object') {
		if (prefix === '') throw new TypeError('A scalar needs a key to be form-encoded');
		return [[prefix, scalarToString(value)]];
	}
	const pairs: Array<[string, string]> = [];
	const plainList =
		style.emptyBracketLists === true &&
		Array.isArray(value) &&
		prefix !== '' &&
		value.every((v) => typeof v !== 'object' || v === null);
	const entries = Array.isArray(value)
		? value.map((v, i) => [plainList ? '' : String(i), v] as const)
		: Object.entries(value);
	for (const [key, child] of entries) {
		const childKey = prefix === '' ? key : `${prefix}[${key}]`;
		pairs.push(...flattenPhpForm(child, childKey, style));
	}
	return pairs;
}

/** Encodes pairs as `application/x-www-form-urlencoded`, keys and values PHP-encoded. */
export function encodeFormPairs(pairs: Array<[string, string]>): string {
	return pairs.map(([key, value]) => `${phpUrlEncode(key)}=${phpUrlEncode(value)}`).join('&');
}

/** `http_build_query` for a nested object. */
export function encodePhpForm(
	value: { [key: string]: PhpFormValue },
	style: PhpFormStyle = {},
): string {
	return encodeFormPairs(flattenPhpForm(value, '', style));
}
