import fc from 'fast-check';

import {
	encodePhpForm,
	flattenPhpForm,
	type PhpFormValue,
	phpUrlEncode,
} from '../../credentials/common/phpForm';
import { parsePhpQuery } from '../fakes/phpQuery.cjs';

// Keys as Convertr and Kartra use them: no brackets inside a key segment; values: anything, unicode and &=[]+% included.
const key = fc
	.stringMatching(/^[A-Za-z_][A-Za-z0-9_ .-]{0,11}$/)
	.filter((k) => !k.includes('.') && !k.includes(' '));
const value = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc.string({
		unit: fc.constantFrom('&', '=', '[', ']', '+', '%', ' ', '#', '?', '/', 'é', '漢', '😀', 'a'),
		maxLength: 12,
	}),
);
const tree: fc.Arbitrary<Record<string, PhpFormValue>> = fc.letrec((tie) => ({
	node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, value, tie('node')), {
		minKeys: 1,
		maxKeys: 5,
	}),
})).node as fc.Arbitrary<Record<string, PhpFormValue>>;

/** What a PHP server makes of the tree: scalars as strings, empty objects vanish. */
function expectedDecoding(input: Record<string, PhpFormValue>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(input)) {
		if (typeof v === 'object' && v !== null) {
			const inner = expectedDecoding(v as Record<string, PhpFormValue>);
			if (Object.keys(inner).length) out[k] = inner;
		} else out[k] = String(v);
	}
	return out;
}

test('phpUrlEncode escapes as PHP urlencode does', () => {
	expect(phpUrlEncode("a b&c=d[e]~*'!()é")).toBe('a+b%26c%3Dd%5Be%5D%7E%2A%27%21%28%29%C3%A9');
	expect(phpUrlEncode('-_.')).toBe('-_.');
});

test('booleans, numbers, lists and null as http_build_query writes them', () => {
	expect(
		encodePhpForm({ a: true, b: false, c: 1.5, d: null, e: [1, 'x'], f: { g: undefined } }),
	).toBe('a=1&b=0&c=1.5&e%5B0%5D=1&e%5B1%5D=x');
	expect(
		flattenPhpForm({
			actions: [{ cmd: 'create_lead' }, { cmd: 'assign_tag', tag_name: 'VIP & co' }],
		}),
	).toEqual([
		['actions[0][cmd]', 'create_lead'],
		['actions[1][cmd]', 'assign_tag'],
		['actions[1][tag_name]', 'VIP & co'],
	]);
});

test('property: 2,000 random nested records decode identically on a PHP-style parser', () => {
	fc.assert(
		fc.property(tree, (record) => {
			expect(parsePhpQuery(encodePhpForm(record))).toEqual(expectedDecoding(record));
		}),
		{ numRuns: 2000 },
	);
});

test('property: every encoded byte is a form-safe character', () => {
	fc.assert(
		fc.property(tree, (record) => /^[A-Za-z0-9\-_.%+=&]*$/.test(encodePhpForm(record))),
		{ numRuns: 1000 },
	);
});

test("empty-bracket lists (Convert's legacy query: seg[devices][]=DESK) decode as the indexed form does, 1,000 random records", () => {
	const list = fc.array(value, { minLength: 1, maxLength: 4 });
	const record = fc.record({
		seg: fc.record({ devices: list, cust: list, browser: value }),
		vid: value,
		ev: fc.array(fc.record({ evt: value, goals: list, vars: list }), {
			minLength: 1,
			maxLength: 3,
		}),
	});
	fc.assert(
		fc.property(record, (input) => {
			const bracketed = encodePhpForm(input as unknown as Record<string, PhpFormValue>, {
				emptyBracketLists: true,
			});
			const indexed = encodePhpForm(input as unknown as Record<string, PhpFormValue>);
			expect(bracketed).toContain('%5B%5D=');
			// lists of objects (events) keep their index, so their fields stay together
			expect(bracketed).toContain('ev%5B0%5D%5Bevt%5D=');
			expect(parsePhpQuery(bracketed)).toEqual(parsePhpQuery(indexed));
		}),
		{ numRuns: 1000 },
	);
});
