// npm run bench -- hostile: the longest that one crafted input blocks n8n's event loop, for each reader of outside
// input that runs a pattern or walks a text: Convert's regexMatches (the patterns that backtrack in JavaScript's
// engine, at the longest text evaluated), error pages, Convertr's validation answers and refusals, Kartra's e-mail
// check. Goal (issue 24): no call over 50 ms, whatever the input.
import { blankFieldsIn } from '../nodes/Convertr/campaign';
import { describeValidationErrors } from '../nodes/Convertr/transport';
import { compilePattern, MAX_TEXT_LENGTH } from '../nodes/Convert/pattern';
import { rulesMatch } from '../nodes/Convert/targeting';
import { checkEmail } from '../nodes/Kartra/actions/leadInput';
import { pageText } from '../credentials/common/httpFailure';
import { ruleTree as tree, targetingRule as rule } from '../test/harness/convert.cjs';
import type { BenchResult } from './convertr.cjs';

const GOAL_MS = 50;

/** The slowest of `runs` calls, in ms (the first included: a pattern compiles on its first use) */
function slowest(runs: number, call: () => unknown): number {
	let worst = 0;
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		call();
		worst = Math.max(worst, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return worst;
}

const text = `${'a'.repeat(MAX_TEXT_LENGTH - 1)}!`;

/** Patterns that backtrack exponentially or polynomially in JavaScript's engine, and the largest ones run */
const PATTERNS = [
	'^(a+)+$',
	'(a|a|ab|aa)*c',
	'(.*a){20}',
	'(?:a*){30}b',
	`(?:.*){${Math.floor(300 / 3) - 2}}z`,
	'([^a]|a)'.repeat(40) + 'z',
	'^(?=a)(a|a)*$',
];

export async function benchHostile(): Promise<BenchResult> {
	const figures: Record<string, string> = {};
	const goals: Record<string, boolean> = {};
	const record = (name: string, ms: number) => {
		figures[name] = `${ms.toFixed(1)} ms`;
		goals[`${name} ≤ ${GOAL_MS} ms`] = ms <= GOAL_MS;
	};
	for (const pattern of PATTERNS) {
		const rules = tree([rule('url', 'regexMatches', pattern)]);
		const compiled = compilePattern(pattern);
		const label = `regexMatches ${pattern.length > 24 ? `${pattern.slice(0, 21)}...` : pattern}`;
		record(
			`${label}${compiled.test ? ` (${compiled.states ?? 'native'} states)` : ' (refused)'}`,
			slowest(5, () => rulesMatch({ url: text }, rules)),
		);
	}
	const page = '<'.repeat(40_000);
	record(
		'error page of 40,000 "<"',
		slowest(5, () => pageText(page)),
	);
	const children = Object.fromEntries(
		Array.from({ length: 40_000 }, (_, i) => [`f${i}`, { errors: ['blank'] }]),
	);
	record(
		'validation answer, 40,000 fields',
		slowest(5, () => describeValidationErrors({ errors: { children } })),
	);
	const refusal = `Validation Failed (${'form[a]: x '.repeat(4_000)})`;
	record(
		'refusal message of 44,000 characters',
		slowest(5, () => blankFieldsIn(refusal)),
	);
	const email = 'a@'.repeat(20_000);
	const node = { id: 'bench', name: 'Bench' } as Parameters<typeof checkEmail>[0];
	record(
		'e-mail of 40,000 "a@"',
		slowest(5, () => {
			try {
				checkEmail(node, 0, 'Lead Email', email, true);
			} catch {
				// refused, as it should be: the time is what counts here
			}
		}),
	);
	return { name: 'hostile inputs (slowest of 5 calls each)', figures, goals };
}
