/**
 * The server side of PHP form encoding, written independently of the node's encoder: what PHP's
 * `parse_str` (and so Convertr and Kartra) makes of a form body. Used by the fakes to decode what they receive.
 */
export type Decoded = string | { [key: string]: Decoded };

function decodeComponent(text: string): string {
	return decodeURIComponent(text.replace(/\+/g, ' '));
}

export function parsePhpQuery(body: string): Record<string, Decoded> {
	const result: Record<string, Decoded> = {};
	if (body === '') return result;
	for (const part of body.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rawKey = eq === -1 ? part : part.slice(0, eq);
		const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
		const key = decodeComponent(rawKey);
		// base[a][b] → ['base', 'a', 'b']; PHP stops at the first unmatched bracket.
		const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
		const segments = match
			? [match[1], ...(match[2].match(/\[[^[\]]*\]/g) ?? []).map((s) => s.slice(1, -1))]
			: [key];
		let target: Record<string, Decoded> = result;
		for (let i = 0; i < segments.length - 1; i++) {
			let segment = segments[i];
			if (segment === '') segment = String(Object.keys(target).length);
			const existing = target[segment];
			if (typeof existing !== 'object') target[segment] = {};
			target = target[segment] as Record<string, Decoded>;
		}
		let last = segments[segments.length - 1];
		if (last === '') last = String(Object.keys(target).length);
		target[last] = value;
	}
	return result;
}
