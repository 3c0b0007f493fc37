import type { IDataObject } from 'n8n-workflow';

import { isPrototypeName } from '../../credentials/common/ownKeys';
import type { ConfigExperience, ConfigVariation } from './bucketing';

/** What the node reads of a project config; everything else is passed through untouched. */
const list = (value: unknown): IDataObject[] =>
	Array.isArray(value)
		? (value as unknown[]).filter((v): v is IDataObject => typeof v === 'object' && v !== null)
		: [];

export function experiencesOf(config: IDataObject): Array<ConfigExperience & IDataObject> {
	const archived = new Set(
		(Array.isArray(config.archived_experiences) ? config.archived_experiences : []).map(String),
	);
	// an experience's id keys the visitor's bucketing: one that names an object's prototype is no experience
	return list(config.experiences).filter(
		(e) => e.id !== undefined && !isPrototypeName(String(e.id)) && !archived.has(String(e.id)),
	);
}

export function variationsOf(experience: ConfigExperience): Array<ConfigVariation & IDataObject> {
	return list(experience.variations);
}

export function goalsOf(config: IDataObject): IDataObject[] {
	return list(config.goals);
}

export function segmentsOf(config: IDataObject): IDataObject[] {
	return list(config.segments);
}

export function environmentsOf(
	config: IDataObject,
): Array<{ name: string; label: string; isDefault: boolean }> {
	const project = (config.project ?? {}) as IDataObject;
	const environments = (project.environments ?? {}) as IDataObject;
	if (typeof environments !== 'object' || Array.isArray(environments)) return [];
	return Object.entries(environments).map(([name, value]) => {
		const v = (value ?? {}) as IDataObject;
		return {
			name,
			label: typeof v.label === 'string' ? v.label : name,
			isDefault: v.is_default === true,
		};
	});
}

const pick = (item: IDataObject, keys: string[]): IDataObject =>
	Object.fromEntries(keys.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));

/** The parts of a config people build workflows with: ids, keys, names, statuses and allocations. */
export function simplifyConfig(config: IDataObject): IDataObject {
	const project = (config.project ?? {}) as IDataObject;
	return {
		accountId: config.account_id,
		project: {
			...pick(project, ['id', 'name', 'type', 'utc_offset']),
			environments: environmentsOf(config),
		},
		experiences: experiencesOf(config).map((e) => ({
			...pick(e, ['id', 'key', 'name', 'status', 'type', 'version', 'environment', 'goals']),
			variations: variationsOf(e).map((v) =>
				pick(v, ['id', 'key', 'name', 'traffic_allocation', 'status']),
			),
		})),
		goals: goalsOf(config).map((g) => pick(g, ['id', 'key', 'name', 'type'])),
		segments: segmentsOf(config).map((s) => pick(s, ['id', 'key', 'name'])),
		audiences: list(config.audiences).map((a) => pick(a, ['id', 'key', 'name', 'type'])),
		locations: list(config.locations).map((l) => pick(l, ['id', 'key', 'name'])),
		features: list(config.features).map((f) => pick(f, ['id', 'key', 'name'])),
		archivedExperiences: Array.isArray(config.archived_experiences)
			? config.archived_experiences
			: [],
		isDebug: config.is_debug === true,
	};
}
