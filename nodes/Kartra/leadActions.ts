import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import type { PhpFormValue } from '../shared/phpForm';
import { invalidInput, isBlank } from '../shared/validation';
import type { Show } from './leadFields';

/** One parameter of a Kartra lead action (a tag name, a number of points…). */
interface ActionField {
	/** Kartra's key in `actions[n]` */
	key: string;
	displayName: string;
	kind: 'tag' | 'list' | 'sequence' | 'text' | 'points' | 'days' | 'step' | 'date' | 'hour';
	required: boolean;
	description?: string;
	placeholder?: string;
}

/** A Kartra command that acts on an existing lead, usable alone or chained after create/edit. */
export interface LeadActionSpec {
	cmd: string;
	/** Label in the "Also Do" list */
	label: string;
	fields: ActionField[];
}

const tag: ActionField = { key: 'tag_name', displayName: 'Tag Name or ID', kind: 'tag', required: true };
const list: ActionField = { key: 'list_name', displayName: 'List Name or ID', kind: 'list', required: true };
const sequence: ActionField = { key: 'sequence_name', displayName: 'Sequence Name or ID', kind: 'sequence', required: true };
const calendar: ActionField = { key: 'calendar_name', displayName: 'Calendar Name', kind: 'text', required: true };
const calendarClass: ActionField = { key: 'class_name', displayName: 'Class Name', kind: 'text', required: true };

export const LEAD_ACTIONS: Record<string, LeadActionSpec> = {
	assign_tag: { cmd: 'assign_tag', label: 'Assign Tag', fields: [tag] },
	unassign_tag: { cmd: 'unassign_tag', label: 'Remove Tag', fields: [tag] },
	subscribe_lead_to_list: { cmd: 'subscribe_lead_to_list', label: 'Subscribe to List', fields: [list] },
	unsubscribe_lead_from_list: { cmd: 'unsubscribe_lead_from_list', label: 'Unsubscribe from List', fields: [list] },
	give_points_to_lead: {
		cmd: 'give_points_to_lead',
		label: 'Give Points',
		fields: [
			{ key: 'points', displayName: 'Points', kind: 'points', required: true },
			{ key: 'expiration', displayName: 'Expires After (Days)', kind: 'days', required: false, description: '0 means the points never expire' },
		],
	},
	remove_points_from_lead: {
		cmd: 'remove_points_from_lead',
		label: 'Remove Points',
		fields: [{ key: 'points', displayName: 'Points', kind: 'points', required: true }],
	},
	subscribe_lead_to_sequence_at_step: {
		cmd: 'subscribe_lead_to_sequence_at_step',
		label: 'Subscribe to Sequence',
		fields: [sequence, { key: 'step', displayName: 'Step', kind: 'step', required: true, description: 'The step\'s box number in the sequence', placeholder: '1' }],
	},
	unsubscribe_lead_from_sequence: { cmd: 'unsubscribe_lead_from_sequence', label: 'Unsubscribe from Sequence', fields: [sequence] },
	calendar_subscribe: {
		cmd: 'calendar_subscribe',
		label: 'Subscribe to Calendar Class',
		fields: [
			calendar,
			calendarClass,
			{ key: 'starting_date', displayName: 'Starting Date', kind: 'date', required: false, placeholder: '16 Jan 2026', description: 'Like 16 Jan 2026, US Eastern time' },
			{ key: 'starting_hour', displayName: 'Starting Hour', kind: 'hour', required: false, placeholder: '15:00', description: 'Like 15:00, US Eastern time' },
		],
	},
	calendar_cancel: { cmd: 'calendar_cancel', label: 'Cancel Calendar Class', fields: [calendar, calendarClass] },
};

const LOAD_METHOD: Partial<Record<ActionField['kind'], string>> = {
	tag: 'getTags',
	list: 'getLists',
	sequence: 'getSequences',
};

/** The node parameter for one action field; `name` is what the parameter is called in the node. */
export function actionFieldProperty(field: ActionField, name: string, show?: Show): INodeProperties {
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
		property = { displayName: field.displayName, name, type: 'number', default: 1, typeOptions: { minValue: 1 } };
	} else if (field.kind === 'days') {
		property = { displayName: field.displayName, name, type: 'number', default: 0, typeOptions: { minValue: 0 } };
	} else {
		property = { displayName: field.displayName, name, type: 'string', default: '' };
	}
	if (field.description && !method) property.description = field.description;
	if (field.placeholder) property.placeholder = field.placeholder;
	if (field.required) property.required = true;
	if (show) property.displayOptions = { show };
	return property;
}

/** The node parameter's name for an action field: Kartra's key in camelCase (`tag_name` → `tagName`). */
export function paramName(field: ActionField): string {
	return field.key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
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
						options: Object.values(LEAD_ACTIONS).map((spec) => ({ name: spec.label, value: spec.cmd })),
						default: 'assign_tag',
					},
					...[...fields.values()].map(({ field, cmds }) => actionFieldProperty(field, paramName(field), { cmd: cmds })),
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
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
			if (!Number.isInteger(n) || n < (field.kind === 'points' ? 1 : 0)) {
				throw invalidInput(node, itemIndex, label, `must be a whole number${field.kind === 'points' ? ' of at least 1' : ''}, got ${JSON.stringify(raw)}`);
			}
			action[field.key] = n;
			continue;
		}
		if (typeof raw !== 'string' && typeof raw !== 'number') {
			throw invalidInput(node, itemIndex, label, `must be text, not ${Array.isArray(raw) ? 'a list' : typeof raw}`);
		}
		const text = String(raw).trim();
		if (text === '' && field.required) throw invalidInput(node, itemIndex, label, 'is required');
		if (field.kind === 'step' && !STEP.test(text)) throw invalidInput(node, itemIndex, label, `must be letters or digits (the step's box number), got "${text.slice(0, 40)}"`);
		if (field.kind === 'date' && !DATE.test(text)) throw invalidInput(node, itemIndex, label, `must look like 16 Jan 2026, got "${text.slice(0, 40)}"`);
		if (field.kind === 'hour' && !HOUR.test(text)) throw invalidInput(node, itemIndex, label, `must look like 15:00, got "${text.slice(0, 40)}"`);
		action[field.key] = text;
	}
	return action;
}

/** Reads the "Also Do" entries of one item into Kartra actions. */
export function readAlsoDo(node: INode, itemIndex: number, alsoDo: IDataObject): Array<{ [key: string]: PhpFormValue }> {
	const entries = (alsoDo.action ?? []) as IDataObject[];
	return entries.map((entry, n) => {
		const spec = LEAD_ACTIONS[String(entry.cmd)];
		if (!spec) throw invalidInput(node, itemIndex, `"Also Do" action ${n + 1}`, `is not a Kartra action: "${String(entry.cmd)}"`);
		return buildAction(node, itemIndex, spec, entry, `"Also Do" action ${n + 1} (${spec.label}) field `);
	});
}
