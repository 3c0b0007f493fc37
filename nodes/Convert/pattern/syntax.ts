// The syntax of Convert's patterns as this matcher reads them: the syntax tree, and the tests of one code unit
// (classes, escapes, and their folding for the `i` flag, bounded).

/** Most code units read to fold a pattern's classes for the `i` flag */
export const MAX_FOLD_WORK = 500_000;

/** One code unit's test */
export type CharTest = (code: number) => boolean;

export type Node =
	| { kind: 'char'; test: CharTest }
	| { kind: 'assert'; at: 'start' | 'end' | 'boundary' | 'notBoundary' }
	| { kind: 'sequence'; parts: Node[] }
	| { kind: 'choice'; options: Node[] }
	| { kind: 'repeat'; body: Node; min: number; max: number };

/** A pattern this engine does not run (a backreference, a lookaround, or too large once unrolled) */
export class NotLinear extends Error {}

export const isWordChar = (c: number): boolean =>
	(c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const WHITE_SPACE = new Set([
	9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);
const isSpace = (c: number): boolean => WHITE_SPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
export const isLineTerminator = (c: number): boolean =>
	c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
export const not =
	(test: CharTest): CharTest =>
	(c) =>
		!test(c);

export const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = {
	d: isDigit,
	D: not(isDigit),
	w: isWordChar,
	W: not(isWordChar),
	s: isSpace,
	S: not(isSpace),
};
export const CONTROL_ESCAPES: Readonly<Record<string, number>> = {
	n: 10,
	r: 13,
	t: 9,
	f: 12,
	v: 11,
};

/** The specification's Canonicalize for the `i` flag without `u`, per code unit, built on first use */
let canonical: Uint16Array | undefined;
export function canonicalTable(): Uint16Array {
	if (!canonical) {
		canonical = new Uint16Array(0x10000);
		for (let c = 0; c < 0x10000; c++) {
			const upper = String.fromCharCode(c).toUpperCase();
			const u = upper.length === 1 ? upper.charCodeAt(0) : c;
			// a character outside ASCII never folds into ASCII
			canonical[c] = c >= 128 && u < 128 ? c : u;
		}
	}
	return canonical;
}

/**
 * A character set as the `i` flag reads it: a code unit matches when some member has the same canonical form. The
 * members' canonical forms are listed once (65,536 look-ups for `.`, `\d`, `\w`, `\s` and their opposites, once
 * per process), then each test is two array reads.
 */
function caseless(member: CharTest): CharTest {
	const table = canonicalTable();
	const folded = new Uint8Array(0x10000);
	for (let c = 0; c < 0x10000; c++) if (member(c)) folded[table[c]] = 1;
	return (c) => folded[table[c]] === 1;
}

/**
 * The ranges of a class under the `i` flag. ASCII folds only into ASCII, so ranges within ASCII need 128 marks;
 * others mark the canonical forms of every code unit they hold. Returns the work done (code units read).
 */
export function caselessRanges(ranges: Array<[number, number]>): { test: CharTest; work: number } {
	const table = canonicalTable();
	const ascii = ranges.every(([, high]) => high < 128);
	const folded = new Uint8Array(ascii ? 128 : 0x10000);
	let work = ascii ? 0 : 0x10000;
	for (const [low, high] of ranges) {
		for (let c = low; c <= high; c++) folded[table[c]] = 1;
		work += high - low + 1;
	}
	const test: CharTest = ascii
		? (c) => c < 128 && folded[table[c]] === 1
		: (c) => folded[table[c]] === 1;
	return { test, work };
}

/** The sets `.`, `\d`, `\w`, `\s` and their opposites under the `i` flag, folded once per process */
const knownSets = new Map<string, CharTest>();
export function knownSet(name: string, member: CharTest): CharTest {
	let test = knownSets.get(name);
	if (!test) {
		test = caseless(member);
		knownSets.set(name, test);
	}
	return test;
}

export const hex = (text: string): number | undefined =>
	/^[0-9A-Fa-f]+$/.test(text) ? parseInt(text, 16) : undefined;
export const isOctal = (char: string | undefined): boolean =>
	char !== undefined && char >= '0' && char <= '7';
export const isAsciiLetter = (char: string | undefined): boolean =>
	char !== undefined && /^[A-Za-z]$/.test(char);
