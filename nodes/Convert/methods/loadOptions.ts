import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fillFirstOption } from '../../shared/operations';
import { configQueryInEditor } from '../actions/options';
import { environmentsOf, experiencesOf, goalsOf, segmentsOf, variationsOf } from '../projectConfig';
import { loadProjectConfig, openConvertSession } from '../transport';

async function editorConfig(
	this: ILoadOptionsFunctions,
	query = configQueryInEditor(this),
): Promise<IDataObject> {
	const session = await openConvertSession.call(this);
	return await loadProjectConfig.call(this, session, query);
}

const label = (item: IDataObject) => {
	const name =
		typeof item.name === 'string' && item.name !== '' ? item.name : String(item.key ?? item.id);
	return item.key && item.key !== name ? `${name} (${String(item.key)})` : name;
};

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

export async function getExperiences(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const config = await editorConfig.call(this);
	return experiencesOf(config)
		.map((e) => ({
			name: label(e),
			value: String(e.id),
			description: [e.status, e.type, e.environment]
				.filter((s) => typeof s === 'string' && s !== '')
				.join(' · '),
		}))
		.sort(byName);
}

export async function getVariations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const experienceId = String(this.getCurrentNodeParameter('experienceId') ?? '');
	if (experienceId.trim() === '') return fillFirstOption('the Experience');
	const config = await editorConfig.call(this);
	const experience = experiencesOf(config).find((e) => String(e.id) === experienceId);
	if (!experience) return [];
	return variationsOf(experience).map((v) => ({
		name: label(v),
		value: String(v.id),
		description: [
			v.status,
			v.traffic_allocation !== undefined
				? `${String(v.traffic_allocation)} % of traffic`
				: undefined,
		]
			.filter((s) => s !== undefined && s !== '')
			.join(' · '),
	}));
}

export async function getGoals(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const config = await editorConfig.call(this);
	return goalsOf(config)
		.filter((g) => g.id !== undefined)
		.map((g) => ({
			name: label(g),
			value: String(g.id),
			description: typeof g.type === 'string' ? g.type : undefined,
		}))
		.sort(byName);
}

export async function getSegments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const config = await editorConfig.call(this);
	return segmentsOf(config)
		.filter((s) => s.id !== undefined)
		.map((s) => ({ name: label(s), value: String(s.id) }))
		.sort(byName);
}

export async function getEnvironments(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	// environments come from the unfiltered config
	const config = await editorConfig.call(this, { ...configQueryInEditor(this), environment: '' });
	return [
		{ name: 'All Environments', value: '' },
		...environmentsOf(config).map((e) => ({
			name: e.isDefault ? `${e.label} (default)` : e.label,
			value: e.name,
		})),
	];
}
