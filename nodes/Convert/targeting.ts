/**
 * Whether a visitor enters an experience, and the full-stack features they get, decided as Convert's SDKs decide
 * (pure: config + visitor + properties → decision). Learned from Convert's SDK (`packages/rules`,
 * `packages/utils/src/comparisons.ts`, `packages/data`, `packages/segments`, `packages/js-sdk/src/feature-manager`);
 * the published `@convertcom/js-sdk` is the oracle of the parity suite, including its quirks, which are kept on
 * purpose and named where they are kept.
 */
import { hasOwn } from '../../credentials/common/ownKeys';
import {
	type BucketingOutcome,
	type ConfigExperience,
	type ConfigVariation,
	bucketVisitor,
} from './bucketing';
import {
	isRecord,
	listOf,
	type MutualExclusionRule,
	mutualExclusionRuleOf,
	type Properties,
	rulesMatch,
	withPatternNotes,
} from './rules';

export { COMPARISONS, type Properties, rulesMatch } from './rules';
export { castVariable, decideFeatures, type FeatureDecision } from './features';
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
	| 'mutualExclusion'
	| 'segment'
	| 'noVariations'
	| 'traffic';

export type Decision =
	| (Extract<BucketingOutcome, { bucketed: true }> & {
			experience: ConfigExperience;
			stored?: undefined;
			preview?: undefined;
	  })
	/**
	 * `stored`: the variation the visitor's stored bucketing holds for the experience, returned again as the SDK does;
	 * `preview`: the variation a preview forces (nothing checked, nothing stored)
	 */
	| {
			bucketed: true;
			stored?: true;
			preview?: true;
			variation: ConfigVariation;
			variationId: string;
			experience: ConfigExperience;
			bucket?: undefined;
			layout?: undefined;
	  }
	| { bucketed: false; rule: ExclusionRule; reason: string; bucket?: number };

/**
 * A visitor's stored bucketing, as the SDK keeps it: experience id → variation id. What they were bucketed into
 * before, plus, as a call goes through the experiences in config order, what it decided so far.
 */
export type StoredBucketing = ReadonlyMap<string, string>;

export interface TargetingInput {
	/** The visitor's state from `visitorState` (computed once per visitor, shared by every experience) */
	visitor: VisitorState;
	/** Page properties location and site-area rules read (`url` and any key the project's rules use) */
	locationProperties: Properties;
	/** The environment the experiences must belong to; none skips the check */
	environment?: string;
	/** The visitor's stored bucketing: mutual-exclusion rules read it, and a stored variation is returned again */
	stored?: StoredBucketing;
}

/**
 * The variation the stored bucketing holds for the experience, as the SDK finds it: the config's first experience of
 * that id, then its first variation whose id is that text (a variation no longer there is not returned).
 */
export function storedVariation(
	config: Record<string, unknown>,
	experience: Record<string, unknown>,
	stored: StoredBucketing | undefined,
): ConfigVariation | undefined {
	const variationId = stored?.get(String(experience.id));
	if (!variationId) return undefined;
	const entity = listOf(config.experiences).find((e) => String(e.id) === String(experience.id));
	return listOf(entity?.variations).find((v) => v.id === variationId) as
		ConfigVariation | undefined;
}

/**
 * A mutual-exclusion rule as the SDK resolves it: the experience of the rule's key (the config's first), and whether
 * the stored bucketing holds it; negation applied last. A key the config lacks counts as not bucketed. Reading it
 * never buckets the visitor into that experience.
 */
function exclusionOutcome(
	config: Record<string, unknown>,
	rule: MutualExclusionRule,
	stored: StoredBucketing | undefined,
): { matched: boolean; why: string } {
	const key = String(rule.target);
	const target = listOf(config.experiences).find((e) => String(e.key) === key);
	const bucketed = target !== undefined && Boolean(stored?.get(String(target.id)));
	const matched = rule.negated ? !bucketed : bucketed;
	const why = !target
		? `experience "${key.slice(0, 100)}" is not in the project config, so the visitor counts as not in it`
		: bucketed
			? `the visitor is in experience "${key.slice(0, 100)}"`
			: `the visitor is not in experience "${key.slice(0, 100)}"`;
	return { matched, why };
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
	stored: StoredBucketing | undefined,
): Decision | undefined {
	// a visitor the stored bucketing already holds in the experience is checked against its transient audiences only
	const bucketed = storedVariation(config, experience, stored) !== undefined;
	const audiences = byIds(experience.audiences, config.audiences).filter(
		(audience) => !(bucketed && audience.type === 'permanent'),
	);
	if (audiences.length > 0) {
		const exclusions = new Map<Record<string, unknown>, string>();
		const matched = audiences.filter((audience) => {
			if (!audience.rules) return false;
			const exclusion = mutualExclusionRuleOf(audience.rules);
			if (!exclusion) return rulesMatch(visitor.properties, audience.rules);
			const { matched: held, why } = exclusionOutcome(config, exclusion, stored);
			if (!held) exclusions.set(audience, why);
			return held;
		});
		const settings = isRecord(experience.settings) ? experience.settings : {};
		const matching = isRecord(settings.matching_options) ? settings.matching_options : {};
		const all = matching.audiences === 'all';
		if (all ? matched.length !== audiences.length : matched.length === 0) {
			const missed = audiences.filter((a) => !matched.includes(a));
			const named = (a: Record<string, unknown>) => String(a.key ?? a.id);
			const excluding = missed.filter((a) => exclusions.has(a));
			if (excluding.length > 0) {
				const others = missed.filter((a) => !exclusions.has(a));
				return {
					bucketed: false,
					rule: 'mutualExclusion',
					reason: `Mutual exclusion: ${excluding
						.map((a) => `audience ${named(a)} does not hold the visitor (${exclusions.get(a)})`)
						.join('; ')}${others.length ? `; not in ${others.map(named).join(', ')} either` : ''}`,
				};
			}
			return {
				bucketed: false,
				rule: 'audience',
				reason: `The visitor is not in ${all ? 'every' : 'any'} audience of the experience (not in ${missed
					.map(named)
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
 * then locations (or the site area), audiences (any or all, by the experience's matching option; an audience with a
 * mutual-exclusion rule by that rule) and segments, then the variation the stored bucketing holds, or the variations'
 * traffic.
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
			audienceCheck(config, experience, input.visitor, input.stored),
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
	const kept = storedVariation(config, experience, input.stored);
	if (kept)
		return {
			bucketed: true,
			stored: true,
			variation: kept,
			variationId: String(kept.id),
			experience,
		};
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
