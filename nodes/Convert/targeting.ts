/**
 * Whether a visitor enters an experience, and the full-stack features they get, decided as Convert's SDKs decide
 * (pure: config + visitor + properties → decision). Learned from Convert's SDK (`packages/rules`,
 * `packages/utils/src/comparisons.ts`, `packages/data`, `packages/segments`, `packages/js-sdk/src/feature-manager`);
 * the published `@convertcom/js-sdk` is the oracle of the parity suite, including its quirks, which are kept on
 * purpose and named where they are kept.
 */
import { hasOwn } from '../../credentials/common/ownKeys';
import { type BucketingOutcome, type ConfigExperience, bucketVisitor } from './bucketing';
import { isRecord, listOf, type Properties, rulesMatch, withPatternNotes } from './rules';

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
