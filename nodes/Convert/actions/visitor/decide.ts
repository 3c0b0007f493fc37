import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, kindOf, listOf, requireId } from '../../../shared/input';
import { hasOwn, isPrototypeName } from '../../../../credentials/common/ownKeys';
import { type ConfigExperience, bucketVisitor } from '../../bucketing';
import { experiencesOf } from '../../projectConfig';
import {
	type Decision,
	decideExperience,
	type Properties,
	type StoredBucketing,
	storedVariation,
	visitorState,
} from '../../targeting';
import { type ConvertSession, loadProjectConfig } from '../../transport';
import { type Preview, previewDecision } from './preview';

/**
 * What Visitor → Bucket and Visitor → Get Features share: which experiences, whether targeting applies, the visitor's
 * and the page's properties, and the decision for each experience.
 */

function readObject(node: INode, itemIndex: number, field: string, value: unknown): Properties {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			throw invalidInput(
				node,
				itemIndex,
				field,
				`is not valid JSON (${(error as Error).message.slice(0, 80)})`,
			);
		}
	}
	if (parsed === undefined || parsed === null) return {};
	if (typeof parsed !== 'object' || Array.isArray(parsed))
		throw invalidInput(node, itemIndex, field, `must be an object; got ${kindOf(parsed)}`);
	return parsed as Properties;
}

function readPairs(node: INode, itemIndex: number, field: string, raw: unknown): Properties {
	const pairs = ((raw ?? {}) as IDataObject).property;
	const properties: Properties = {};
	(Array.isArray(pairs) ? (pairs as IDataObject[]) : []).forEach((pair, i) => {
		const name = typeof pair.name === 'string' ? pair.name.trim() : '';
		if (name === '') throw invalidInput(node, itemIndex, `${field} ${i + 1} › Name`, 'is empty');
		if (isPrototypeName(name))
			throw invalidInput(
				node,
				itemIndex,
				`${field} ${i + 1} › Name`,
				`"${name}" is not a property name Convert's rules can read`,
			);
		if (hasOwn(properties, name))
			throw invalidInput(node, itemIndex, `${field} ${i + 1} › Name`, `repeats "${name}"`);
		properties[name] = pair.value;
	});
	return properties;
}

export interface TargetingChoice {
	apply: boolean;
	visitorProperties: Properties;
	locationProperties: Properties;
}

/** Reads the targeting mode and, when it applies, the visitor's and the page's properties of one item. */
export function readTargeting(this: IExecuteFunctions, itemIndex: number): TargetingChoice {
	const node = nodeOf(this);
	const apply = this.getNodeParameter('targeting', itemIndex, 'ignore') === 'apply';
	if (!apply) return { apply, visitorProperties: {}, locationProperties: {} };
	const json = this.getNodeParameter('propertiesInput', itemIndex, 'fields') === 'json';
	const visitorProperties = json
		? readObject(
				node,
				itemIndex,
				'Visitor Properties (JSON)',
				this.getNodeParameter('visitorPropertiesJson', itemIndex, '{}'),
			)
		: readPairs(
				node,
				itemIndex,
				'Visitor Properties',
				this.getNodeParameter('visitorProperties', itemIndex, {}),
			);
	const locationProperties = json
		? readObject(
				node,
				itemIndex,
				'Location Properties (JSON)',
				this.getNodeParameter('locationPropertiesJson', itemIndex, '{}'),
			)
		: readPairs(
				node,
				itemIndex,
				'Location Properties',
				this.getNodeParameter('locationProperties', itemIndex, {}),
			);
	const pageUrl = this.getNodeParameter('pageUrl', itemIndex, '');
	if (typeof pageUrl !== 'string' && pageUrl !== undefined && pageUrl !== null)
		throw invalidInput(node, itemIndex, 'Page URL', `must be text; got ${kindOf(pageUrl)}`);
	const url = typeof pageUrl === 'string' ? pageUrl.trim() : '';
	return {
		apply,
		visitorProperties,
		locationProperties: url ? { ...locationProperties, url } : locationProperties,
	};
}

/** Most experiences a Stored Bucketing may name */
const MAX_STORED = 1_000;

/**
 * The item's Stored Bucketing: an object (or its JSON) of experience IDs to variation IDs, e.g. an earlier Bucket's
 * `bucketingData` or Convert's stored visitor data.
 */
export function readStoredBucketing(this: IExecuteFunctions, itemIndex: number): StoredBucketing {
	const node = nodeOf(this);
	const field = 'Stored Bucketing';
	const value = readObject(
		node,
		itemIndex,
		field,
		this.getNodeParameter('storedBucketing', itemIndex, '{}'),
	);
	const entries = Object.entries(value);
	if (entries.length > MAX_STORED)
		throw invalidInput(
			node,
			itemIndex,
			field,
			`names ${entries.length} experiences; it may name ${MAX_STORED} at most`,
		);
	const stored = new Map<string, string>();
	for (const [experienceId, variationId] of entries) {
		const experience = requireId(node, itemIndex, `${field} › experience`, experienceId);
		stored.set(experience, requireId(node, itemIndex, `${field} › ${experience}`, variationId));
	}
	return stored;
}

export interface ExperienceDecision {
	experience: ConfigExperience & IDataObject;
	decision: Decision;
}

/** The experiences an item asks about: every active one of the config, or the selected ones (checked). */
export async function chosenExperiences(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
	targeting: boolean,
): Promise<{ config: IDataObject; experiences: Array<ConfigExperience & IDataObject> }> {
	const node = nodeOf(this);
	const which = this.getNodeParameter('experiences', itemIndex, 'all') as string;
	let wanted: string[] | undefined;
	if (which === 'selected') {
		wanted = listOf(this.getNodeParameter('experienceIds', itemIndex, [])).map((id) =>
			requireId(node, itemIndex, 'Experiences', id),
		);
		if (wanted.length === 0)
			throw invalidInput(node, itemIndex, 'Experiences', 'needs at least one experience');
	}
	// one config per execution, shared by every item
	const config = await loadProjectConfig.call(this, session, session.options.config);
	const all = experiencesOf(config);
	const environment = session.options.config.environment;
	// with targeting the environment is one of the checks, and says so; without it, other environments are left out
	let experiences = targeting
		? all
		: all.filter((e) => !environment || !e.environment || e.environment === environment);
	if (wanted) {
		const byId = new Map(experiences.map((e) => [String(e.id), e]));
		const missing = wanted.filter((id) => !byId.has(id));
		if (missing.length) {
			throw invalidInput(
				node,
				itemIndex,
				'Experiences',
				`has ${missing.length === 1 ? 'an experience' : 'experiences'} the project config does not hold: ${missing.join(', ')}`,
				'It may be archived, in another environment, or a draft or paused experience (turn on Include Drafts and Paused, with a debug token).',
			);
		}
		experiences = wanted.map((id) => byId.get(id)!);
	} else {
		experiences = experiences.filter((e) => e.status === undefined || e.status === 'active');
	}
	return { config, experiences };
}

/** Without targeting: the variation the stored bucketing holds, or the one the visitor's hash picks */
function byTraffic(
	config: IDataObject,
	experience: ConfigExperience & IDataObject,
	visitorId: string,
	stored: StoredBucketing,
): Decision {
	const kept = storedVariation(config, experience, stored);
	if (kept)
		return {
			bucketed: true,
			stored: true,
			variation: kept,
			variationId: String(kept.id),
			experience,
		};
	const outcome = bucketVisitor(experience, visitorId);
	return outcome.bucketed
		? { ...outcome, experience }
		: {
				bucketed: false,
				rule: outcome.bucket === undefined ? 'noVariations' : 'traffic',
				reason: outcome.reason,
				bucket: outcome.bucket,
			};
}

/**
 * The decision for each experience: with targeting as Convert's SDKs decide, without it by traffic alone. As the SDK
 * goes through a project, the experiences are decided in config order, each new decision stored before the next is
 * made (a mutual-exclusion rule of a later experience reads it), starting from the visitor's stored bucketing; the
 * decisions come back in the order of `experiences`.
 */
export function decideAll(
	config: IDataObject,
	experiences: Array<ConfigExperience & IDataObject>,
	visitorId: string,
	choice: TargetingChoice,
	environment: string,
	stored: StoredBucketing = new Map(),
	{ keep = true }: { keep?: boolean } = {},
): ExperienceDecision[] {
	const memory = new Map(stored);
	const position = new Map(listOf(config.experiences).map((e, i) => [e, i]));
	const inConfigOrder = [...experiences].sort(
		(a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0),
	);
	const visitor = choice.apply ? visitorState(config, choice.visitorProperties) : undefined;
	const decided = new Map<object, Decision>();
	for (const experience of inConfigOrder) {
		const decision = visitor
			? decideExperience(config, experience, visitorId, {
					visitor,
					locationProperties: choice.locationProperties,
					environment: environment || undefined,
					stored: memory,
				})
			: byTraffic(config, experience, visitorId, memory);
		// a preview stores nothing (the SDK's enableStorage: false)
		if (keep && decision.bucketed && !decision.stored && !decision.preview)
			memory.set(String(experience.id), decision.variationId);
		decided.set(experience, decision);
	}
	return experiences.map((experience) => ({ experience, decision: decided.get(experience)! }));
}

/** The chosen experiences of one item and the visitor's decision in each (the config read once per execution). */
export async function decideVisitor(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
	visitorId: string,
	targeting: TargetingChoice,
	preview?: Preview,
): Promise<{ config: IDataObject; decisions: ExperienceDecision[] }> {
	const stored = readStoredBucketing.call(this, itemIndex);
	const { config, experiences } = await chosenExperiences.call(
		this,
		session,
		itemIndex,
		targeting.apply,
	);
	const decisions = decideAll(
		config,
		experiences,
		visitorId,
		targeting,
		session.options.config.environment,
		stored,
		{ keep: preview === undefined },
	);
	if (!preview) return { config, decisions };
	const forced = await previewDecision.call(this, session, itemIndex, config, preview);
	// as the SDK's runExperiences while previewing: the previewed experience's own decision gives way to the forced
	// one, which comes last
	return {
		config,
		decisions: [
			...decisions.filter(({ experience }) => String(experience.id) !== preview.experienceId),
			forced,
		],
	};
}
