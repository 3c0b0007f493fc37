/**
 * Convert's targeting rules (audiences, locations, segments) over a visitor's properties, compared as Convert's SDK
 * compares (`packages/utils/src/comparisons.ts`, `packages/rules`), its quirks kept and named.
 */
import { hasOwn } from '../../credentials/common/ownKeys';
import { type CompiledPattern, compilePattern, MAX_TEXT_LENGTH } from './pattern';

export type Properties = Record<string, unknown>;

type Comparison = (value: unknown, expected: unknown, negated: boolean) => boolean;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const objectNotEmpty = (value: unknown): value is object =>
	typeof value === 'object' && value !== null && Object.keys(value).length > 0;

const applyNegation = (result: boolean, negated: boolean): boolean => (negated ? !result : result);

/** A number, or a string the SDK reads as one ("1,234.5", "-.5"); "0,5" is read as 0.5 below. */
const NUMERIC = /^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$/;

function isNumeric(value: unknown): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	if (typeof value !== 'string' || !NUMERIC.test(value)) return false;
	return Number.isFinite(parseFloat(value.replace(/,/g, '')));
}

function toNumber(value: string | number): number {
	if (typeof value === 'number') return value;
	// "0,500" is a decimal comma (0.5); "1,500" a thousands separator (1500)
	return parseFloat(
		value.split(',')[0] === '0' ? value.replace(/,/g, '.') : value.replace(/,/g, ''),
	);
}

const lower = (value: unknown): string => String(value).toLowerCase();

/** JavaScript's own `<` / `<=` on whatever the two values are, as the SDK compares them. */
const lessThan = (a: unknown, b: unknown): boolean => (a as number) < (b as number);
const lessOrEqual = (a: unknown, b: unknown): boolean => (a as number) <= (b as number);

function ordered(test: (a: unknown, b: unknown) => boolean): Comparison {
	return (value, expected, negated) => {
		const a = isNumeric(value) ? toNumber(value as string | number) : value;
		const b = isNumeric(expected) ? toNumber(expected as string | number) : expected;
		// values of different kinds never compare, negated or not
		if (typeof a !== typeof b) return false;
		return applyNegation(test(a, b), negated);
	};
}

/** Compiled patterns, by their text (a config has few; a bad one is remembered as the error it throws). */
const patterns = new Map<string, CompiledPattern | Error>();

function patternOf(source: string): CompiledPattern {
	let pattern = patterns.get(source);
	if (pattern === undefined) {
		try {
			pattern = compilePattern(source);
		} catch (error) {
			pattern = error as Error;
		}
		if (patterns.size >= 1000) patterns.clear();
		patterns.set(source, pattern);
	}
	if (pattern instanceof Error) throw pattern;
	return pattern;
}

/** Patterns not evaluated while deciding one experience (see {@link withPatternNotes}) */
let notEvaluated: Set<string> | undefined;

/** A pattern that cannot be matched in bounded time, or a text too long for it: the rule does not match. */
function refusePattern(source: string, why: string): never {
	notEvaluated?.add(`pattern "${source.slice(0, 60)}" (${why})`);
	throw new Error(why);
}

/** Runs a decision step and lists the patterns its rules could not evaluate (the code is synchronous). */
export function withPatternNotes<T>(step: () => T): { value: T; notes: string[] } {
	const outer = notEvaluated;
	const notes = new Set<string>();
	notEvaluated = notes;
	try {
		return { value: step(), notes: [...notes] };
	} finally {
		notEvaluated = outer;
	}
}

const equals: Comparison = (value, expected, negated) => {
	// a list holds the value as it is (no case folding); an object holds it as a key
	if (Array.isArray(value)) return applyNegation(value.indexOf(expected) !== -1, negated);
	if (objectNotEmpty(value))
		return applyNegation(Object.keys(value).indexOf(String(expected)) !== -1, negated);
	return applyNegation(lower(value) === lower(expected), negated);
};

const exists = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** Every comparison (`matching.match_type`) Convert's rules use, with the SDK's aliases. */
export const COMPARISONS: Readonly<Record<string, Comparison>> = Object.freeze({
	equals,
	equalsNumber: equals,
	matches: equals,
	less: ordered(lessThan),
	lessEqual: ordered(lessOrEqual),
	contains(value, expected, negated) {
		const text = lower(value);
		const part = lower(expected);
		// a blank expectation is contained in everything
		if (part.replace(/^([\s]*)|([\s]*)$/g, '').length === 0) return applyNegation(true, negated);
		return applyNegation(text.indexOf(part) !== -1, negated);
	},
	isIn(value, expected, negated) {
		// the visitor's side is split on "|" but not case-folded; the rule's side is both
		const candidates = String(value).split('|');
		const list = typeof expected === 'string' ? expected.split('|') : expected;
		const allowed = (Array.isArray(list) ? list : []).map(lower);
		return applyNegation(
			candidates.some((c) => allowed.indexOf(c) !== -1),
			negated,
		);
	},
	startsWith: (value, expected, negated) =>
		applyNegation(lower(value).indexOf(lower(expected)) === 0, negated),
	endsWith(value, expected, negated) {
		const text = lower(value);
		const end = lower(expected);
		return applyNegation(text.indexOf(end, text.length - end.length) !== -1, negated);
	},
	regexMatches(value, expected, negated) {
		// an invalid pattern throws: the rule then does not match (caught below); so does one refused as unbounded
		const source = String(expected);
		const pattern = patternOf(source);
		if (pattern.refused !== undefined) refusePattern(source, pattern.refused);
		const text = lower(value);
		if (text.length > MAX_TEXT_LENGTH)
			refusePattern(source, `the value is longer than ${MAX_TEXT_LENGTH} characters`);
		return applyNegation(pattern.test(text), negated);
	},
	exists: (value, _expected, negated) => applyNegation(exists(value), negated),
	not_exists: (value, _expected, negated) => applyNegation(!exists(value), negated),
	doesNotExist: (value, _expected, negated) => applyNegation(!exists(value), negated),
});

/** The two comparisons that need no value and that a missing property is still checked against. */
const PRESENCE = new Set(['exists', 'doesNotExist']);

interface Rule {
	key?: unknown;
	value?: unknown;
	rule_type?: unknown;
	matching: { match_type: string; negated: boolean };
}

function isValidRule(rule: unknown): rule is Rule {
	if (!isRecord(rule) || !hasOwn(rule, 'matching')) return false;
	const matching = rule.matching;
	if (
		!isRecord(matching) ||
		typeof matching.match_type !== 'string' ||
		!hasOwn(matching, 'negated') ||
		typeof matching.negated !== 'boolean'
	)
		return false;
	return PRESENCE.has(matching.match_type) || hasOwn(rule, 'value');
}

/** One rule against a set of properties: the property named by the rule's key (case-sensitive). */
function ruleMatches(data: Properties, rule: unknown): boolean {
	if (!isValidRule(rule)) return false;
	const type = rule.matching.match_type;
	if (!hasOwn(COMPARISONS, type)) return false;
	const compare = COMPARISONS[type];
	try {
		// Properties named "RuleData" by their `name` are the SDK's custom-interface marker: it then looks the
		// property up through methods a plain object does not have, so every key reads as missing.
		const customInterface = objectNotEmpty(data) && data.name === 'RuleData';
		if (!customInterface && typeof rule.key === 'string' && hasOwn(data, rule.key)) {
			return compare(data[rule.key], rule.value, rule.matching.negated);
		}
		if (PRESENCE.has(type)) return compare(undefined, rule.value, rule.matching.negated);
	} catch {
		// as the SDK: a comparison that throws (an invalid pattern) is a rule that does not match
	}
	return false;
}

function nonEmptyList(value: unknown, key: string): unknown[] | undefined {
	if (!isRecord(value) || !hasOwn(value, key)) return undefined;
	const list = value[key];
	return Array.isArray(list) && list.length > 0 ? list : undefined;
}

/**
 * A rule tree: `OR` of `AND` of `OR_WHEN` of rules. A level that is missing or empty matches nothing.
 */
export function rulesMatch(data: Properties, ruleSet: unknown): boolean {
	const anyOf = nonEmptyList(ruleSet, 'OR');
	if (!anyOf) return false;
	return anyOf.some((block) => {
		const allOf = nonEmptyList(block, 'AND');
		if (!allOf) return false;
		return allOf.every((group) => {
			const whens = nonEmptyList(group, 'OR_WHEN');
			return whens !== undefined && whens.some((rule) => ruleMatches(data, rule));
		});
	});
}

/** Convert's mutual-exclusion rule (its SDK from 5.0): the visitor is (negated: is not) in the experience of a key */
export const MUTUAL_EXCLUSION = 'bucketed_into_experience_key';

export interface MutualExclusionRule {
	/** The key of the experience the rule names (the rule's `value`, compared as text) */
	target: unknown;
	negated: boolean;
}

/**
 * The first mutual-exclusion rule of an audience's rule tree, looked for as the SDK looks (OR → AND → OR_WHEN, in
 * order). An audience holding one is decided by that rule alone, whatever else its tree holds.
 */
export function mutualExclusionRuleOf(ruleSet: unknown): MutualExclusionRule | undefined {
	for (const block of nonEmptyList(ruleSet, 'OR') ?? []) {
		for (const group of nonEmptyList(block, 'AND') ?? []) {
			for (const rule of nonEmptyList(group, 'OR_WHEN') ?? []) {
				if (!isRecord(rule) || rule.rule_type !== MUTUAL_EXCLUSION) continue;
				const matching = rule.matching;
				// as the SDK: negation is any truthy `negated`
				const negated =
					isRecord(matching) && hasOwn(matching, 'negated') && Boolean(matching.negated);
				return { target: hasOwn(rule, 'value') ? rule.value : undefined, negated };
			}
		}
	}
	return undefined;
}

export const listOf = (value: unknown): Array<Record<string, unknown>> =>
	Array.isArray(value) ? (value as unknown[]).filter(isRecord) : [];
