/**
 * Whether a visitor enters an experience, and the full-stack features they get, decided as Convert's SDKs decide
 * (pure: config + visitor + properties → decision). Learned from Convert's SDK (`packages/rules`,
 * `packages/utils/src/comparisons.ts`, `packages/data`, `packages/segments`, `packages/js-sdk/src/feature-manager`);
 * the published `@convertcom/js-sdk` is the oracle of the parity suite, including its quirks, which are kept on
 * purpose and named where they are kept.
 */
import { hasOwn } from '../../credentials/common/ownKeys';
import { type BucketingOutcome, type ConfigExperience, bucketVisitor } from './bucketing';
import { type CompiledPattern, compilePattern, MAX_TEXT_LENGTH } from './pattern';

export type Properties = Record<string, unknown>;

type Comparison = (value: unknown, expected: unknown, negated: boolean) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const objectNotEmpty = (value: unknown): value is object =>
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
function withPatternNotes<T>(step: () => T): { value: T; notes: string[] } {
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

const listOf = (value: unknown): Array<Record<string, unknown>> =>
	Array.isArray(value) ? (value as unknown[]).filter(isRecord) : [];

/** The config's entities whose `id` the list holds (the same value: "7" is not 7, as in the SDK). */
function byIds(ids: unknown, entities: unknown): Array<Record<string, unknown>> {
	if (!Array.isArray(ids) || ids.length === 0) return [];
	return listOf(entities).filter((entity) => ids.indexOf(entity.id) !== -1);
}

/** What the SDK knows of a visitor before deciding: their properties and the custom segments they are in. */
export interface VisitorState {
	/** The properties audience rules read: the given ones, plus `customSegments` once the visitor is in any */
	properties: Properties;
	/** The ids of the config's segments whose rules the visitor's properties match, in config order */
	customSegments: string[];
}

/**
 * The visitor's custom segments merged into their properties as the SDK merges its stored segments: a list the
 * properties already hold under `customSegments` comes first, any other value given there wins.
 */
function withSegments(given: Properties, customSegments: string[]): Properties {
	if (customSegments.length === 0) return given;
	const own = given.customSegments;
	if (hasOwn(given, 'customSegments') && !Array.isArray(own)) return given;
	return {
		...given,
		customSegments: Array.isArray(own) ? [...new Set([...own, ...customSegments])] : customSegments,
	};
}

/**
 * Places the visitor in the config's segments whose rules their properties match, one segment at a time in config
 * order (each one sees the segments already matched, as the SDK's stored segments are seen).
 */
export function visitorState(config: Record<string, unknown>, given: Properties): VisitorState {
	const customSegments: string[] = [];
	for (const segment of listOf(config.segments)) {
		if (segment.id === undefined || segment.id === null) continue;
		const id = String(segment.id);
		if (customSegments.includes(id)) continue;
		if (rulesMatch(withSegments(given, customSegments), segment.rules)) customSegments.push(id);
	}
	return { properties: withSegments(given, customSegments), customSegments };
}

/** Which check kept a visitor out of an experience. */
export type ExclusionRule =
	| 'archived'
	| 'environment'
	| 'location'
	| 'siteArea'
	| 'audience'
	| 'segment'
	| 'noVariations'
	| 'traffic';

export type Decision =
	| (Extract<BucketingOutcome, { bucketed: true }> & { experience: ConfigExperience })
	| { bucketed: false; rule: ExclusionRule; reason: string; bucket?: number };

export interface TargetingInput {
	/** The visitor's state from `visitorState` (computed once per visitor, shared by every experience) */
	visitor: VisitorState;
	/** Page properties location and site-area rules read (`url` and any key the project's rules use) */
	locationProperties: Properties;
	/** The environment the experiences must belong to; none skips the check */
	environment?: string;
}

function locationCheck(
	config: Record<string, unknown>,
	experience: Record<string, unknown>,
	locationProperties: Properties,
): Decision | undefined {
	if (Array.isArray(experience.locations) && experience.locations.length > 0) {
		const locations = byIds(experience.locations, config.locations);
		// locations listed by the experience but absent from the config hold nobody
		const matched = locations.some(
			(location) => Boolean(location.rules) && rulesMatch(locationProperties, location.rules),
		);
		if (!matched) {
			return {
				bucketed: false,
				rule: 'location',
				reason:
					locations.length === 0
						? 'None of the locations of the experience is in the project config'
						: `The page matches none of the locations of the experience (${locations
								.map((l) => String(l.key ?? l.id))
								.join(', ')})`,
			};
		}
		return undefined;
	}
	if (experience.site_area && !rulesMatch(locationProperties, experience.site_area)) {
		return {
			bucketed: false,
			rule: 'siteArea',
			reason: "The page does not match the experience's site area",
		};
	}
	return undefined;
}

function audienceCheck(
	config: Record<string, unknown>,
	experience: Record<string, unknown>,
	visitor: VisitorState,
): Decision | undefined {
	const audiences = byIds(experience.audiences, config.audiences);
	if (audiences.length > 0) {
		const matched = audiences.filter(
			(audience) => Boolean(audience.rules) && rulesMatch(visitor.properties, audience.rules),
		);
		const settings = isRecord(experience.settings) ? experience.settings : {};
		const matching = isRecord(settings.matching_options) ? settings.matching_options : {};
		const all = matching.audiences === 'all';
		if (all ? matched.length !== audiences.length : matched.length === 0) {
			const missed = audiences.filter((a) => !matched.includes(a));
			return {
				bucketed: false,
				rule: 'audience',
				reason: `The visitor is not in ${all ? 'every' : 'any'} audience of the experience (not in ${missed
					.map((a) => String(a.key ?? a.id))
					.join(', ')})`,
			};
		}
	}
	const segments = byIds(experience.audiences, config.segments);
	if (
		segments.length > 0 &&
		!segments.some((segment) => visitor.customSegments.indexOf(segment.id as string) !== -1)
	) {
		return {
			bucketed: false,
			rule: 'segment',
			reason: `The visitor is in none of the segments of the experience (${segments
				.map((s) => String(s.key ?? s.id))
				.join(', ')})`,
		};
	}
	return undefined;
}

/**
 * Whether the visitor enters the experience and, if so, which variation they get: archived and environment checks,
 * then locations (or the site area), audiences (any or all, by the experience's matching option) and segments, then
 * the variations' traffic.
 */
export function decideExperience(
	config: Record<string, unknown>,
	experience: ConfigExperience & Record<string, unknown>,
	visitorId: string,
	input: TargetingInput,
): Decision {
	const archived = Array.isArray(config.archived_experiences)
		? config.archived_experiences.map(String)
		: [];
	if (archived.includes(String(experience.id)))
		return { bucketed: false, rule: 'archived', reason: 'The experience is archived' };
	if (input.environment && experience.environment && experience.environment !== input.environment) {
		return {
			bucketed: false,
			rule: 'environment',
			reason: `The experience runs in environment "${String(experience.environment)}", not "${input.environment}"`,
		};
	}
	const { value: excluded, notes } = withPatternNotes(
		() =>
			locationCheck(config, experience, input.locationProperties) ??
			audienceCheck(config, experience, input.visitor),
	);
	if (excluded) {
		if (notes.length === 0 || excluded.bucketed) return excluded;
		return {
			...excluded,
			reason: `${excluded.reason}. Not evaluated, so not matching: ${notes.join('; ')}`,
		};
	}
	if (!Array.isArray(experience.variations) || experience.variations.length === 0)
		return { bucketed: false, rule: 'noVariations', reason: 'The experience has no variations' };
	const outcome = bucketVisitor(experience, visitorId);
	if (!outcome.bucketed) {
		return { bucketed: false, rule: 'traffic', reason: outcome.reason, bucket: outcome.bucket };
	}
	// the SDK hands back the first variation whose id is that text: a repeated id gives the first one's changes,
	// and an id that is not text (a malformed config) gives none
	const variation = listOf(experience.variations).find((v) => v.id === outcome.variationId);
	if (!variation) {
		return {
			bucketed: false,
			rule: 'noVariations',
			reason: `Variation ${outcome.variationId} has an ID that is not text in the config`,
			bucket: outcome.bucket,
		};
	}
	return { ...outcome, variation, experience };
}

/** The SDK's type casting of a feature variable (`boolean`, `integer`, `float`, `string`, `json`). */
export function castVariable(value: unknown, type: unknown): unknown {
	switch (type) {
		case 'boolean':
			if (value === 'true') return true;
			if (value === 'false') return false;
			return Boolean(value);
		case 'integer':
			if (typeof value === 'boolean') return value ? 1 : 0;
			return parseInt(value as string);
		case 'float':
			if (typeof value === 'boolean') return value ? 1 : 0;
			return parseFloat(value as string);
		case 'string':
			return String(value);
		case 'json':
			if (typeof value === 'object') return value;
			try {
				return JSON.parse(value as string) as unknown;
			} catch {
				return String(value);
			}
		default:
			return value;
	}
}

export interface FeatureDecision {
	id?: unknown;
	key?: unknown;
	name?: unknown;
	status: 'enabled' | 'disabled';
	experienceId?: unknown;
	experienceKey?: unknown;
	experienceName?: unknown;
	variables?: unknown;
}

function isArrayIndexKey(key: string): boolean {
	return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;
}

/**
 * The features a visitor gets from the variations they were bucketed into (each full-stack feature change, with its
 * variables cast to their declared types), then every declared feature they did not get, as disabled. Declared
 * features are listed in the order JavaScript gives object keys of their ids, as the SDK lists them.
 */
export function decideFeatures(
	config: Record<string, unknown>,
	decisions: Decision[],
	typeCasting = true,
): FeatureDecision[] {
	const declared = new Map<string, Record<string, unknown>>();
	for (const feature of listOf(config.features)) declared.set(String(feature.id), feature);
	const features: FeatureDecision[] = [];
	for (const decision of decisions) {
		if (!decision.bucketed) continue;
		for (const change of listOf((decision.variation as Record<string, unknown>).changes)) {
			if (change.type !== 'fullStackFeature') continue;
			const data = isRecord(change.data) ? change.data : undefined;
			const featureId = data?.feature_id;
			if (!featureId) continue;
			const feature = declared.get(String(featureId));
			let variables = data.variables_data;
			if (typeCasting && objectNotEmpty(variables)) {
				const definitions = listOf(feature?.variables);
				variables = Object.fromEntries(
					Object.entries(variables).map(([name, value]) => {
						const definition = definitions.find((d) => d.key === name);
						return [name, definition?.type ? castVariable(value, definition.type) : value];
					}),
				);
			}
			features.push({
				experienceId: decision.experience.id,
				experienceName: decision.experience.name,
				experienceKey: decision.experience.key,
				key: feature?.key,
				name: feature?.name,
				id: String(featureId),
				status: 'enabled',
				variables,
			});
		}
	}
	const enabledIds = features.map((f) => f.id);
	const keys = [...declared.keys()];
	const order = [
		...keys.filter(isArrayIndexKey).sort((a, b) => Number(a) - Number(b)),
		...keys.filter((k) => !isArrayIndexKey(k)),
	];
	for (const id of order) {
		const feature = declared.get(id)!;
		// compared as the SDK compares them: a declared id that is a number never equals the enabled one's text
		if (enabledIds.indexOf(feature.id as string) !== -1) continue;
		features.push({ id: feature.id, name: feature.name, key: feature.key, status: 'disabled' });
	}
	return features;
}
