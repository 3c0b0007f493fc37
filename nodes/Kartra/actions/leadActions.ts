import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { invalidInput, isBlank, requireScalar } from '../../shared/input';
export { locatorValue } from '../../shared/input';
import { ownValue } from '../../../credentials/common/ownKeys';
import type { PhpFormValue } from '../../../credentials/common/phpForm';
import type { Show } from './common.descriptions';
import {
	type ActionField,
	LEAD_ACTIONS,
	type LeadActionSpec,
	paramName,
} from './leadActions.table';

/** The lead actions' parameters (alone, or chained in "Also Do") and their reader, built from the actions table. */

const LOAD_METHOD: Partial<Record<ActionField['kind'], string>> = {
	tag: 'getTags',
	list: 'getLists',
	sequence: 'getSequences',
};

const SEARCH_METHOD: Partial<Record<ActionField['kind'], string>> = {
	tag: 'searchTags',
	list: 'searchLists',
	sequence: 'searchSequences',
};

const NEWER = { '@version': [{ _cnd: { gte: 1.1 } }] };

/**
 * An operation's own parameters for one action field: from version 1.1 a tag, list or sequence is a resource
 * locator (From List, with search / By Name, typed or by expression); version 1 keeps its dropdown.
 */
export function operationFieldProperties(
	field: ActionField,
	name: string,
	show: Show,
): INodeProperties[] {
	const search = SEARCH_METHOD[field.kind];
	if (!search) return [actionFieldProperty(field, name, show)];
	const what = field.kind;
	return [
		actionFieldProperty(field, name, { ...show, '@version': [1] }),
		{
			displayName: field.displayName.replace(/ Name or ID$/, ''),
			name,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: field.required,
			displayOptions: { show: { ...show, ...NEWER } },
			description: `The ${what}: it must exist in your Kartra account`,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: `Select a ${what}…`,
					typeOptions: { searchListMethod: search, searchable: true },
				},
				{
					displayName: 'By Name',
					name: 'name',
					type: 'string',
					placeholder: `e.g. ${what === 'tag' ? 'VIP' : what === 'list' ? 'Main List' : 'Onboarding'}`,
				},
			],
		},
	];
}

/** The node parameter for one action field; `name` is what the parameter is called in the node. */
export function actionFieldProperty(
	field: ActionField,
	name: string,
	show?: Show,
): INodeProperties {
	const method = LOAD_METHOD[field.kind];
	let property: INodeProperties;
	if (method) {
		property = {
			displayName: field.displayName,
			name,
			type: 'options',
			typeOptions: { loadOptionsMethod: method },
			default: '',
			description:
				'Choose from the list, or specify a name using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. It must exist in your Kartra account.',
		};
	} else if (field.kind === 'points') {
		property = {
			displayName: field.displayName,
			name,
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1 },
		};
	} else if (field.kind === 'days') {
		property = {
			displayName: field.displayName,
			name,
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
		};
	} else {
		property = { displayName: field.displayName, name, type: 'string', default: '' };
	}
	if (field.description && !method) property.description = field.description;
	if (field.placeholder) property.placeholder = field.placeholder;
	if (field.required) property.required = true;
	if (show) property.displayOptions = { show };
	return property;
}

/** "Also Do": actions chained into the same Kartra call after create/edit (one item = one call). */
export function alsoDoCollection(show: Show): INodeProperties {
	const fields = new Map<string, { field: ActionField; cmds: string[] }>();
	for (const spec of Object.values(LEAD_ACTIONS)) {
		for (const field of spec.fields) {
			const entry = fields.get(paramName(field)) ?? { field, cmds: [] };
			entry.cmds.push(spec.cmd);
			fields.set(paramName(field), entry);
		}
	}
	return {
		displayName: 'Also Do',
		name: 'alsoDo',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add action',
		default: {},
		description: 'Actions Kartra runs on the lead in the same call, in this order',
		displayOptions: { show },
		options: [
			{
				displayName: 'Action',
				name: 'action',
				values: [
					{
						displayName: 'Action',
						name: 'cmd',
						type: 'options',
						options: Object.values(LEAD_ACTIONS).map((spec) => ({
							name: spec.label,
							value: spec.cmd,
						})),
						default: 'assign_tag',
					},
					...[...fields.values()].map(({ field, cmds }) =>
						actionFieldProperty(field, paramName(field), { cmd: cmds }),
					),
				],
			},
		],
	};
}

const STEP = /^[A-Za-z0-9]+$/;
const DATE = /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/;
const HOUR = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** Checks one action's values and returns Kartra's `actions[n]` entry. */
export function buildAction(
	node: INode,
	itemIndex: number,
	spec: LeadActionSpec,
	values: IDataObject,
	where: string,
): { [key: string]: PhpFormValue } {
	const action: { [key: string]: PhpFormValue } = { cmd: spec.cmd };
	for (const field of spec.fields) {
		const raw = values[paramName(field)];
		const label = `${where}"${field.displayName.replace(/ Name or ID$/, '')}"`;
		const empty = isBlank(raw);
		if (empty) {
			if (field.required) throw invalidInput(node, itemIndex, label, 'is required');
			continue;
		}
		if (field.kind === 'points' || field.kind === 'days') {
			const n =
				typeof raw === 'number'
					? raw
					: typeof raw === 'string' && /^\d+$/.test(raw.trim())
						? Number(raw)
						: NaN;
			if (!Number.isInteger(n) || n < (field.kind === 'points' ? 1 : 0)) {
				throw invalidInput(
					node,
					itemIndex,
					label,
					`must be a whole number${field.kind === 'points' ? ' of at least 1' : ''}, got ${JSON.stringify(raw)}`,
				);
			}
			action[field.key] = n;
			continue;
		}
		const text = requireScalar(node, itemIndex, label, raw).trim();
		if (text === '' && field.required) throw invalidInput(node, itemIndex, label, 'is required');
		if (field.kind === 'step' && !STEP.test(text))
			throw invalidInput(
				node,
				itemIndex,
				label,
				`must be letters or digits (the step's box number), got "${text.slice(0, 40)}"`,
			);
		if (field.kind === 'date' && !DATE.test(text))
			throw invalidInput(
				node,
				itemIndex,
				label,
				`must look like 16 Jan 2026, got "${text.slice(0, 40)}"`,
			);
		if (field.kind === 'hour' && !HOUR.test(text))
			throw invalidInput(
				node,
				itemIndex,
				label,
				`must look like 15:00, got "${text.slice(0, 40)}"`,
			);
		action[field.key] = text;
	}
	return action;
}

/** Reads the "Also Do" entries of one item into Kartra actions. */
export function readAlsoDo(
	node: INode,
	itemIndex: number,
	alsoDo: IDataObject,
): Array<{ [key: string]: PhpFormValue }> {
	const entries = (alsoDo.action ?? []) as IDataObject[];
	return entries.map((entry, n) => {
		const spec = ownValue(LEAD_ACTIONS, String(entry.cmd)) as LeadActionSpec | undefined;
		if (!spec)
			throw invalidInput(
				node,
				itemIndex,
				`"Also Do" action ${n + 1}`,
				`is not a Kartra action: "${String(entry.cmd)}"`,
			);
		return buildAction(
			node,
			itemIndex,
			spec,
			entry,
			`"Also Do" action ${n + 1} (${spec.label}) field `,
		);
	});
}
