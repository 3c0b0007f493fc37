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

import { compile, run, statesVisited } from './pattern/automaton';
import { Parser } from './pattern/parser';
import { NotLinear } from './pattern/syntax';

export { statesVisited };

/** Longest text a pattern is matched against (a URL is rarely over 2,000 characters) */
export const MAX_TEXT_LENGTH = 4_096;
/** Longest pattern read */
const MAX_PATTERN_LENGTH = 2_000;

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
