/**
 * Convert's `regexMatches` rules, matched without backtracking. A pattern comes from a project config (outside input);
 * JavaScript's own engine backtracks, so `^(a+)+$` against a 31-character URL blocks n8n's whole process for seconds.
 * Here a pattern is parsed as JavaScript reads it (the `i` flag, no `u`, Annex B's leniency) and run as a Thompson
 * automaton (a Pike VM): time linear in the text times the pattern's size, whatever the pattern.
 *
 * Backreferences and lookarounds cannot be run that way. A pattern using them is run by JavaScript only when it has
 * no quantifier and few alternatives (bounded work); otherwise it is refused: the rule does not match, and the
 * decision's reason says which pattern was not evaluated. So is a text longer than {@link MAX_TEXT_LENGTH}.
 */

import { hasOwn } from '../../credentials/common/ownKeys';

/** Longest text a pattern is matched against (a URL is rarely over 2,000 characters) */
export const MAX_TEXT_LENGTH = 4_096;
/** Longest pattern read */
const MAX_PATTERN_LENGTH = 2_000;
/** Most states of a compiled pattern (counted repetitions are unrolled) */
const MAX_PROGRAM_SIZE = 300;
/** Most code units read to fold a pattern's classes for the `i` flag */
const MAX_FOLD_WORK = 500_000;

/** One code unit's test */
type CharTest = (code: number) => boolean;

type Node =
	| { kind: 'char'; test: CharTest }
	| { kind: 'assert'; at: 'start' | 'end' | 'boundary' | 'notBoundary' }
	| { kind: 'sequence'; parts: Node[] }
	| { kind: 'choice'; options: Node[] }
	| { kind: 'repeat'; body: Node; min: number; max: number };

/** A pattern this engine does not run (a backreference, a lookaround, or too large once unrolled) */
class NotLinear extends Error {}

const isWordChar = (c: number): boolean =>
	(c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const WHITE_SPACE = new Set([
	9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);
const isSpace = (c: number): boolean => WHITE_SPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineTerminator = (c: number): boolean =>
	c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not =
	(test: CharTest): CharTest =>
	(c) =>
		!test(c);

const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = {
	d: isDigit,
	D: not(isDigit),
	w: isWordChar,
	W: not(isWordChar),
	s: isSpace,
	S: not(isSpace),
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, f: 12, v: 11 };

/** The specification's Canonicalize for the `i` flag without `u`, per code unit, built on first use */
let canonical: Uint16Array | undefined;
function canonicalTable(): Uint16Array {
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
function caselessRanges(ranges: Array<[number, number]>): { test: CharTest; work: number } {
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
function knownSet(name: string, member: CharTest): CharTest {
	let test = knownSets.get(name);
	if (!test) {
		test = caseless(member);
		knownSets.set(name, test);
	}
	return test;
}

const hex = (text: string): number | undefined =>
	/^[0-9A-Fa-f]+$/.test(text) ? parseInt(text, 16) : undefined;
const isOctal = (char: string | undefined): boolean =>
	char !== undefined && char >= '0' && char <= '7';
const isAsciiLetter = (char: string | undefined): boolean =>
	char !== undefined && /^[A-Za-z]$/.test(char);

/** How many capturing groups a pattern has, and whether any is named (both change what `\1` and `\k` mean) */
function countGroups(source: string): { groups: number; named: boolean } {
	let groups = 0;
	let named = false;
	let inClass = false;
	for (let i = 0; i < source.length; i++) {
		const char = source[i];
		if (char === '\\') i++;
		else if (inClass) inClass = char !== ']';
		else if (char === '[') inClass = true;
		else if (char === '(') {
			if (source[i + 1] !== '?') groups++;
			else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
				groups++;
				named = true;
			}
		}
	}
	return { groups, named };
}

/** A parser of the patterns JavaScript accepted (it is called only after `new RegExp` did), as JavaScript reads them */
class Parser {
	private pos = 0;

	private readonly groups: { groups: number; named: boolean };

	/** Code units read to fold the pattern's classes: bounded, as the matching is */
	private foldWork = 0;

	constructor(private readonly source: string) {
		this.groups = countGroups(source);
	}

	parse(): Node {
		const node = this.disjunction();
		if (this.pos !== this.source.length) throw new NotLinear('unexpected )');
		return node;
	}

	private peek(offset = 0): string | undefined {
		return this.source[this.pos + offset];
	}

	private literal(code: number): Node {
		const table = canonicalTable();
		const folded = table[code];
		return { kind: 'char', test: (c) => table[c] === folded };
	}

	private disjunction(): Node {
		const options = [this.alternative()];
		while (this.peek() === '|') {
			this.pos++;
			options.push(this.alternative());
		}
		return options.length === 1 ? options[0] : { kind: 'choice', options };
	}

	private alternative(): Node {
		const parts: Node[] = [];
		while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
			parts.push(this.term());
		}
		return { kind: 'sequence', parts };
	}

	private term(): Node {
		const char = this.peek();
		if (char === '^' || char === '$') {
			this.pos++;
			return { kind: 'assert', at: char === '^' ? 'start' : 'end' };
		}
		if (char === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
			this.pos += 2;
			return { kind: 'assert', at: this.source[this.pos - 1] === 'b' ? 'boundary' : 'notBoundary' };
		}
		const atom = this.atom();
		return this.quantified(atom);
	}

	private quantified(atom: Node): Node {
		let min: number;
		let max: number;
		const char = this.peek();
		if (char === '*' || char === '+' || char === '?') {
			this.pos++;
			min = char === '+' ? 1 : 0;
			max = char === '?' ? 1 : Infinity;
		} else if (char === '{') {
			const braced = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos, this.pos + 24));
			// not a quantifier: Annex B reads the brace as a character (the next atom)
			if (!braced) return atom;
			this.pos += braced[0].length;
			min = Number(braced[1]);
			max = braced[2] === undefined ? min : braced[3] === '' ? Infinity : Number(braced[3]);
		} else {
			return atom;
		}
		// laziness changes which match is found, never whether one is
		if (this.peek() === '?') this.pos++;
		return { kind: 'repeat', body: atom, min, max };
	}

	private atom(): Node {
		const char = this.source[this.pos++];
		if (char === '.') return { kind: 'char', test: knownSet('.', not(isLineTerminator)) };
		if (char === '[') return this.characterClass();
		if (char === '(') {
			if (this.peek() === '?') {
				if (this.peek(1) === ':') this.pos += 2;
				else if (this.peek(1) === '<' && this.peek(2) !== '=' && this.peek(2) !== '!') {
					const end = this.source.indexOf('>', this.pos);
					if (end === -1) throw new NotLinear('unterminated group name');
					this.pos = end + 1;
				} else throw new NotLinear('a lookaround or a modifier');
			}
			const inner = this.disjunction();
			if (this.source[this.pos++] !== ')') throw new NotLinear('unterminated group');
			return inner;
		}
		if (char === '\\') return this.atomEscape();
		if (char === '*' || char === '+' || char === '?' || char === ')' || char === '|')
			throw new NotLinear('nothing to repeat');
		return this.literal(char.charCodeAt(0));
	}

	/** `\…` outside a class: a class escape, a character, or (with enough groups) a backreference */
	private atomEscape(): Node {
		const char = this.peek();
		if (char === undefined) throw new NotLinear('\\ at the end');
		if (hasOwn(CLASS_ESCAPES, char)) {
			this.pos++;
			return { kind: 'char', test: knownSet(char, CLASS_ESCAPES[char]) };
		}
		if (char >= '1' && char <= '9') {
			const digits = /^\d+/.exec(this.source.slice(this.pos, this.pos + 12))![0];
			if (Number(digits) <= this.groups.groups) throw new NotLinear('a backreference');
		}
		if (char === 'k' && this.groups.named) throw new NotLinear('a named backreference');
		return this.literal(this.characterEscape(false));
	}

	/**
	 * A character escape after `\` (the position is on the character after it), as Annex B reads it: controls,
	 * `\cX`, `\xHH`, `\uHHHH`, legacy octal, and any other character as itself.
	 */
	private characterEscape(inClass: boolean): number {
		const char = this.source[this.pos];
		if (hasOwn(CONTROL_ESCAPES, char)) {
			this.pos++;
			return CONTROL_ESCAPES[char];
		}
		if (char === 'c') {
			const next = this.peek(1);
			// in a class, digits and _ also follow \c; anything else leaves the backslash as a character
			if (isAsciiLetter(next) || (inClass && next !== undefined && /^[0-9_]$/.test(next))) {
				this.pos += 2;
				return next!.charCodeAt(0) % 32;
			}
			return 92;
		}
		if (char === 'x' || char === 'u') {
			const length = char === 'x' ? 2 : 4;
			const digits = this.source.slice(this.pos + 1, this.pos + 1 + length);
			const code = digits.length === length ? hex(digits) : undefined;
			this.pos += code === undefined ? 1 : 1 + length;
			return code ?? char.charCodeAt(0);
		}
		if (isOctal(char)) {
			// legacy octal: up to three digits while the value stays below 256
			let value = Number(char);
			this.pos++;
			if (isOctal(this.peek())) {
				value = value * 8 + Number(this.source[this.pos++]);
				if (value < 32 && isOctal(this.peek())) value = value * 8 + Number(this.source[this.pos++]);
			}
			return value;
		}
		this.pos++;
		return char.charCodeAt(0);
	}

	private characterClass(): Node {
		const negated = this.peek() === '^';
		if (negated) this.pos++;
		const members: CharTest[] = [];
		const ranges: Array<[number, number]> = [];
		while (this.peek() !== ']') {
			if (this.pos >= this.source.length) throw new NotLinear('unterminated class');
			const first = this.classAtom();
			if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
				this.pos++;
				const last = this.classAtom();
				if (typeof first === 'number' && typeof last === 'number') {
					if (first > last) throw new NotLinear('range out of order');
					ranges.push([first, last]);
				} else {
					// Annex B: a class escape at either end makes `-` a character
					for (const atom of [first, 45, last]) {
						if (typeof atom === 'number') ranges.push([atom, atom]);
						else members.push(atom);
					}
				}
			} else if (typeof first === 'number') ranges.push([first, first]);
			else members.push(first);
		}
		this.pos++;
		// folding a union is the union of the folded parts: the escapes' sets are folded already
		const folded = caselessRanges(ranges);
		this.foldWork += folded.work;
		if (this.foldWork > MAX_FOLD_WORK) throw new NotLinear('too large');
		const test: CharTest =
			members.length === 0 ? folded.test : (c) => folded.test(c) || members.some((m) => m(c));
		return { kind: 'char', test: negated ? not(test) : test };
	}

	/** One member of a class: a code unit, or a class escape's set */
	private classAtom(): number | CharTest {
		const char = this.source[this.pos++];
		if (char !== '\\') return char.charCodeAt(0);
		const next = this.peek();
		if (next === undefined) throw new NotLinear('\\ at the end');
		if (hasOwn(CLASS_ESCAPES, next)) {
			this.pos++;
			return knownSet(next, CLASS_ESCAPES[next]);
		}
		if (next === 'b') {
			this.pos++;
			return 8;
		}
		return this.characterEscape(true);
	}
}

type Instruction =
	| { op: 'char'; test: CharTest }
	| { op: 'split'; first: number; second: number }
	| { op: 'jump'; to: number }
	| { op: 'assert'; at: 'start' | 'end' | 'boundary' | 'notBoundary' }
	| { op: 'match' };

/** Thompson's construction: the syntax tree as a program of states */
function compile(root: Node): Instruction[] {
	const program: Instruction[] = [];
	const emit = (instruction: Instruction): number => {
		if (program.length >= MAX_PROGRAM_SIZE) throw new NotLinear('too large');
		program.push(instruction);
		return program.length - 1;
	};
	const walk = (node: Node): void => {
		switch (node.kind) {
			case 'char':
				emit({ op: 'char', test: node.test });
				return;
			case 'assert':
				emit({ op: 'assert', at: node.at });
				return;
			case 'sequence':
				for (const part of node.parts) walk(part);
				return;
			case 'choice': {
				const jumps: number[] = [];
				node.options.forEach((option, i) => {
					if (i < node.options.length - 1) {
						const split = emit({ op: 'split', first: 0, second: 0 });
						(program[split] as { first: number }).first = program.length;
						walk(option);
						jumps.push(emit({ op: 'jump', to: 0 }));
						(program[split] as { second: number }).second = program.length;
					} else walk(option);
				});
				for (const jump of jumps) (program[jump] as { to: number }).to = program.length;
				return;
			}
			case 'repeat': {
				for (let i = 0; i < node.min; i++) walk(node.body);
				if (node.max === Infinity) {
					const split = emit({ op: 'split', first: 0, second: 0 });
					(program[split] as { first: number }).first = program.length;
					walk(node.body);
					emit({ op: 'jump', to: split });
					(program[split] as { second: number }).second = program.length;
				} else {
					const splits: number[] = [];
					for (let i = node.min; i < node.max; i++) {
						const split = emit({ op: 'split', first: 0, second: 0 });
						(program[split] as { first: number }).first = program.length;
						splits.push(split);
						walk(node.body);
					}
					for (const split of splits)
						(program[split] as { second: number }).second = program.length;
				}
				return;
			}
		}
	};
	walk(root);
	emit({ op: 'match' });
	return program;
}

/** States visited by every match so far: a test shows the work stays within the program's size per position */
let visited = 0;
export const statesVisited = (): number => visited;

/** Whether the program matches somewhere in the text: every state is visited at most once per position. */
function run(program: Instruction[], text: string): boolean {
	const size = program.length;
	const seen = new Int32Array(size).fill(-1);
	let current: number[] = [];
	let next: number[] = [];
	const stack: number[] = [];
	const boundaryAt = (pos: number): boolean =>
		(pos > 0 && isWordChar(text.charCodeAt(pos - 1))) !==
		(pos < text.length && isWordChar(text.charCodeAt(pos)));
	/** Adds a state and every state it reaches without reading a character, as seen at `pos` */
	const add = (list: number[], start: number, pos: number, mark: number): boolean => {
		stack.push(start);
		while (stack.length > 0) {
			const pc = stack.pop()!;
			if (seen[pc] === mark) continue;
			seen[pc] = mark;
			visited++;
			const instruction = program[pc];
			switch (instruction.op) {
				case 'match':
					stack.length = 0;
					return true;
				case 'jump':
					stack.push(instruction.to);
					break;
				case 'split':
					stack.push(instruction.second, instruction.first);
					break;
				case 'assert': {
					const at = instruction.at;
					const holds =
						at === 'start'
							? pos === 0
							: at === 'end'
								? pos === text.length
								: boundaryAt(pos) === (at === 'boundary');
					if (holds) stack.push(pc + 1);
					break;
				}
				case 'char':
					list.push(pc);
					break;
			}
		}
		return false;
	};
	for (let pos = 0; pos <= text.length; pos++) {
		// a match may start at any position: the first state joins the threads already under way
		if (add(current, 0, pos, pos)) return true;
		if (pos === text.length) break;
		const code = text.charCodeAt(pos);
		next.length = 0;
		for (const pc of current) {
			const instruction = program[pc] as { test: CharTest };
			if (instruction.test(code) && add(next, pc + 1, pos + 1, pos + 1)) return true;
		}
		[current, next] = [next, current];
	}
	return false;
}

/** A pattern JavaScript's engine may run: no quantifier at all, few alternatives (its work is then bounded) */
function boundedForBacktracking(source: string): boolean {
	if (source.length > 200) return false;
	if (/[*+{]|[^(]\?|^\?/.test(source)) return false;
	return source.split('|').length <= 5;
}

export type CompiledPattern =
	/** `states`: the program's size, when it runs as an automaton (each state is visited once per position at most) */
	| { test(text: string): boolean; states?: number; refused?: undefined }
	| { refused: string; test?: undefined };

/**
 * Compiles a rule's pattern as the SDK does (`new RegExp(source, 'i')`): throws for a pattern JavaScript refuses, as
 * the SDK's own compilation throws (the rule then does not match). Otherwise a matcher whose time is linear in the
 * text, or a refusal saying why the pattern is not evaluated.
 */
export function compilePattern(source: string): CompiledPattern {
	if (source.length > MAX_PATTERN_LENGTH)
		return { refused: `longer than ${MAX_PATTERN_LENGTH} characters` };
	const native = new RegExp(source, 'i');
	try {
		const program = compile(new Parser(source).parse());
		return { test: (text) => run(program, text), states: program.length };
	} catch (error) {
		const why =
			error instanceof NotLinear ? error.message : 'a construct this matcher does not read';
		if (boundedForBacktracking(source)) return { test: (text) => native.test(text) };
		return {
			refused:
				why === 'too large'
					? 'too large to match in bounded time'
					: `${why} with repetition, which can block n8n`,
		};
	}
}
