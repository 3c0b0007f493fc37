import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, kindOf, listOf, requireId } from '../../../shared/input';
import { hasOwn, isPrototypeName } from '../../../../credentials/common/ownKeys';
import { type ConfigExperience, bucketVisitor } from '../../bucketing';
import { experiencesOf } from '../../projectConfig';
import { type Decision, type Properties, decideExperience, visitorState } from '../../targeting';
import { type ConvertSession, loadProjectConfig } from '../../transport';

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

/** The decision for each experience: with targeting as Convert's SDKs decide, without it by traffic alone. */
export function decideAll(
	config: IDataObject,
	experiences: Array<ConfigExperience & IDataObject>,
	visitorId: string,
	choice: TargetingChoice,
	environment: string,
): ExperienceDecision[] {
	if (!choice.apply) {
		return experiences.map((experience) => {
			const outcome = bucketVisitor(experience, visitorId);
			const decision: Decision = outcome.bucketed
				? { ...outcome, experience }
				: {
						bucketed: false,
						rule: outcome.bucket === undefined ? 'noVariations' : 'traffic',
						reason: outcome.reason,
						bucket: outcome.bucket,
					};
			return { experience, decision };
		});
	}
	const visitor = visitorState(config, choice.visitorProperties);
	return experiences.map((experience) => ({
		experience,
		decision: decideExperience(config, experience, visitorId, {
			visitor,
			locationProperties: choice.locationProperties,
			environment: environment || undefined,
		}),
	}));
}

/** The chosen experiences of one item and the visitor's decision in each (the config read once per execution). */
export async function decideVisitor(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
	visitorId: string,
	targeting: TargetingChoice,
): Promise<{ config: IDataObject; decisions: ExperienceDecision[] }> {
	const { config, experiences } = await chosenExperiences.call(
		this,
		session,
		itemIndex,
		targeting.apply,
	);
	return {
		config,
		decisions: decideAll(
			config,
			experiences,
			visitorId,
			targeting,
			session.options.config.environment,
		),
	};
}
