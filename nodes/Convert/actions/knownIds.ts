import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { invalidInput } from '../../shared/input';
import { loadProjectConfig, type ConvertSession } from '../transport';

/**
 * Convert takes a conversion for a goal, or a visitor's bucketing in an experience, that its project does not have
 * with a 2xx and drops it: nothing tells the user. The tracking operations check the IDs against the project's config
 * (read once per execution, as the editor's dropdowns read it) before anything is sent.
 */

interface KnownIds {
	project: string;
	goals: Map<string, string>;
	/** experience ID → its variations' IDs */
	experiences: Map<string, { name: string; variations: Set<string> }>;
}

const KNOWN = new WeakMap<IDataObject, KnownIds>();

const list = (value: unknown): IDataObject[] =>
	Array.isArray(value)
		? (value as unknown[]).filter((v): v is IDataObject => typeof v === 'object' && v !== null)
		: [];

const nameOf = (item: IDataObject): string =>
	typeof item.name === 'string' && item.name !== '' ? item.name.slice(0, 80) : String(item.id);

function knownIdsOf(config: IDataObject, project: string): KnownIds {
	let known = KNOWN.get(config);
	if (!known) {
		known = {
			project,
			goals: new Map(list(config.goals).map((g) => [String(g.id), nameOf(g)])),
			experiences: new Map(
				list(config.experiences).map((e) => [
					String(e.id),
					{ name: nameOf(e), variations: new Set(list(e.variations).map((v) => String(v.id))) },
				]),
			),
		};
		KNOWN.set(config, known);
	}
	return known;
}

/** Whether the node checks IDs (Options › Check IDs Against the Project, on unless turned off). */
function checking(context: IExecuteFunctions): boolean {
	return (context.getNodeParameter('options.checkIds', 0, true) as boolean) !== false;
}

const LATE =
	"A goal or experience created in the last minutes may not be in the config Convert's CDN serves yet: then turn off Options › Check IDs Against the Project for this run.";

const some = (names: string[]) =>
	names.length === 0 ? 'none' : `${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`;

/** The IDs one tracking item names, each with the field it came from (as the item's errors name it). */
export interface NamedIds {
	goal?: { id: string; field: string };
	bucketing?: Array<{ experienceId: string; variationId: string; field: string }>;
}

/**
 * Refuses an item whose goal, experience or variation is not in the project's config, naming the item and the field.
 * The config is Convert's, read once per execution whatever the number of items.
 */
export async function requireKnownIds(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
	ids: NamedIds,
): Promise<void> {
	if (!checking(this)) return;
	const config = await loadProjectConfig.call(this, session, session.options.config);
	const known = knownIdsOf(config, session.projectId);
	const node = nodeOf(this);
	if (ids.goal && !known.goals.has(ids.goal.id)) {
		throw invalidInput(
			node,
			itemIndex,
			ids.goal.field,
			`"${ids.goal.id}" is not a goal of project ${known.project} (its goals: ${some([...known.goals].map(([id, name]) => `${name} (${id})`))})`,
			`Convert would accept the conversion and drop it. Choose the goal from the list, or check the ID. ${LATE}`,
		);
	}
	for (const { experienceId, variationId, field } of ids.bucketing ?? []) {
		const experience = known.experiences.get(experienceId);
		if (!experience)
			throw invalidInput(
				node,
				itemIndex,
				field,
				`names experience "${experienceId}", which is not an active experience of project ${known.project} (its experiences: ${some([...known.experiences].map(([id, e]) => `${e.name} (${id})`))})`,
				`Convert would accept the event and drop it. Draft and paused experiences are in the config only with Options › Include Drafts and Paused. ${LATE}`,
			);
		if (!experience.variations.has(variationId))
			throw invalidInput(
				node,
				itemIndex,
				field,
				`names variation "${variationId}", which is not a variation of experience "${experience.name}" (${experienceId}) (its variations: ${some([...experience.variations])})`,
				`Convert would accept the event and drop it. ${LATE}`,
			);
	}
}
