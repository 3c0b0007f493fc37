// A pattern's text to its syntax tree, as JavaScript reads it (the `i` flag, no `u`, Annex B's leniency).

import { hasOwn } from '../../../credentials/common/ownKeys';
import {
	canonicalTable,
	caselessRanges,
	type CharTest,
	CLASS_ESCAPES,
	CONTROL_ESCAPES,
	hex,
	isAsciiLetter,
	isLineTerminator,
	isOctal,
	knownSet,
	MAX_FOLD_WORK,
	type Node,
	not,
	NotLinear,
} from './syntax';

/** How many capturing groups a pattern has, and whether any is named (both change what `\1` and `\k` mean) */
export function countGroups(source: string): { groups: number; named: boolean } {
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
export class Parser {
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
