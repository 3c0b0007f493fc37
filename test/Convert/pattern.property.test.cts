// The linear matcher of Convert's regexMatches rules against JavaScript's own engine (the SDK's `new RegExp(source,
// 'i').test(text)`): for patterns built from every construct a config can hold (classes, escapes, Annex B's lenient
// braces and octals, groups, alternation, repetition, anchors, case folding beyond ASCII), the same answer on every
// text, whenever the matcher runs the pattern; a pattern JavaScript refuses throws, as the SDK's compilation does.
import fc from 'fast-check';

import { compilePattern } from '../../nodes/Convert/pattern';

const TOKENS = [
	'a',
	'b',
	'A',
	'k',
	'ſ',
	'é',
	'σ',
	'ς',
	'ß',
	'0',
	'9',
	'_',
	'-',
	' ',
	'/',
	'.',
	'^',
	'$',
	'|',
	'(',
	')',
	'(?:',
	'(?<n>',
	'[',
	']',
	'[^',
	'{',
	'}',
	'{2}',
	'{1,3}',
	'{2,}',
	'{,2}',
	'*',
	'+',
	'?',
	'*?',
	'\\d',
	'\\D',
	'\\w',
	'\\W',
	'\\s',
	'\\S',
	'\\b',
	'\\B',
	'\\.',
	'\\/',
	'\\-',
	'\\n',
	'\\t',
	'\\0',
	'\\1',
	'\\12',
	'\\8',
	'\\x41',
	'\\x4',
	'\\u0062',
	'\\u00E9',
	'\\cA',
	'\\c',
	'\\k',
	'\\e',
	'[a-c]',
	'[^a]',
	'[]',
	'[^]',
	'[\\d-z]',
	'[\\b]',
	'[\\c_]',
	'[a-]',
	'[é-ë]',
	'(?=a)',
	'(?!b)',
];

const TEXTS = [
	'',
	'a',
	'ab',
	'AaBb',
	'xyz',
	'a\nb',
	'A1_ ',
	'aaaa',
	'é',
	'É',
	'ſ',
	'S',
	'K',
	'σ',
	'ς',
	'Σ',
	'ß',
	'SS',
	'{2}',
	'a{2}',
	'b]',
	'x-y',
	'\u0001',
	'\n',
	'\u0008',
	'-',
	'ab.cd/ef',
	'kk',
	'9_9',
	'ë',
];

const pattern = fc
	.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 7 })
	.map((parts) => parts.join(''));

test('property: the same answer as JavaScript on every text, for every pattern the matcher runs', () => {
	let ran = 0;
	fc.assert(
		fc.property(pattern, (source) => {
			let native: RegExp;
			try {
				native = new RegExp(source, 'i');
			} catch {
				expect(() => compilePattern(source)).toThrow(SyntaxError);
				return;
			}
			const compiled = compilePattern(source);
			if (compiled.test === undefined) return;
			ran++;
			for (const text of TEXTS)
				expect([source, text, compiled.test(text)]).toEqual([source, text, native.test(text)]);
		}),
		{ numRuns: 3_000 },
	);
	expect(ran).toBeGreaterThan(1_000);
});

test('a backreference under repetition is refused, one without repetition runs as JavaScript runs it', () => {
	expect(compilePattern('(a)\\1+').refused).toBe(
		'a backreference with repetition, which can block n8n',
	);
	const bounded = compilePattern('(a)\\1');
	expect(bounded.test?.('xaay')).toBe(true);
	expect(bounded.test?.('xay')).toBe(false);
});

test('a counted repetition that would unroll past 300 states is refused as too large', () => {
	expect(compilePattern('(?:a{30}){40}').refused).toBe('too large to match in bounded time');
});
