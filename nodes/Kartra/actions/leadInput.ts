import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { invalidInput, isBlank, kindOf, requireId, requireScalar } from '../../shared/input';
import type { PhpFormValue } from '../../shared/phpForm';
import type { KartraCustomField } from '../transport';
import { TIME_ZONES } from './common.descriptions';
import { LEAD_ACTIONS, type LeadActionSpec, paramName } from './leadActions.table';

/** Readers of the Kartra lead parameters: each checks what an item gave and names the item and the field. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(node: INode, itemIndex: number, field: string, value: unknown, required: boolean): string | undefined {
	if (isBlank(value)) {
		if (required) throw invalidInput(node, itemIndex, field, 'is required');
		return undefined;
	}
	if (typeof value !== 'string') throw invalidInput(node, itemIndex, field, `must be an email address, not ${kindOf(value)}`);
	const email = value.trim();
	if (!EMAIL.test(email)) throw invalidInput(node, itemIndex, field, `is not a valid email address: "${email.slice(0, 60)}"`);
	return email;
}

/** Reads the Lead Fields collection into Kartra's `lead[...]` keys, checking each value. */
export function readProfileFields(node: INode, itemIndex: number, fields: IDataObject): Record<string, PhpFormValue> {
	const lead: Record<string, PhpFormValue> = {};
	for (const [name, value] of Object.entries(fields)) {
		if (isBlank(value)) continue;
		const label = `lead field "${name}"`;
		if (name === 'lead_preferred_time_zone') {
			if (typeof value !== 'string' || !TIME_ZONES.includes(value)) {
				throw invalidInput(node, itemIndex, label, `must be one of Kartra's time zones (e.g. America/New_York), got "${String(value).slice(0, 60)}"`);
			}
		} else if (name === 'business_type') {
			if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidInput(node, itemIndex, label, 'must be a whole number');
			if (value === 0) continue;
		}
		lead[name] = requireScalar(node, itemIndex, label, value);
	}
	return lead;
}

function matchOption(field: KartraCustomField, given: string): string | undefined {
	const byId = field.options.find((o) => o.option_id === given);
	if (byId) return byId.option_id;
	const byLabel = field.options.find((o) => o.option_value.toLowerCase() === given.toLowerCase());
	return byLabel?.option_id;
}

/**
 * Shapes custom field values by the field's type, as Kartra expects them: text for input_field and
 * text_area, the option ID for drop_down and radio_button, a list of option IDs for checkbox. Options may be
 * given by label or ID. An empty value clears the field.
 */
export function shapeCustomFields(
	node: INode,
	itemIndex: number,
	entries: Array<{ identifier?: unknown; value?: unknown }>,
	definitions: KartraCustomField[],
): PhpFormValue[] {
	return entries.map(({ identifier, value }) => {
		const id = String(identifier ?? '').trim();
		if (id === '') throw invalidInput(node, itemIndex, 'a custom field', 'has no field chosen');
		const field = definitions.find((d) => d.field_identifier === id);
		const label = `custom field "${id}"`;
		if (!field) throw invalidInput(node, itemIndex, label, 'does not exist in this Kartra account', 'Create it in Kartra first, or choose one from the list.');
		const empty = isBlank(value) || (Array.isArray(value) && value.length === 0);
		if (empty) return { field_identifier: id, field_value: '' };
		if (field.field_type === 'input_field' || field.field_type === 'text_area') {
			return { field_identifier: id, field_value: requireScalar(node, itemIndex, label, value) };
		}
		const givenList = Array.isArray(value)
			? value.map((v) => String(v).trim())
			: typeof value === 'string' || typeof value === 'number'
				? String(value).split(',').map((v) => v.trim()).filter((v) => v !== '')
				: undefined;
		if (!givenList) throw invalidInput(node, itemIndex, label, `must be an option's label or ID, not ${typeof value}`);
		const ids = givenList.map((given) => {
			const option = matchOption(field, given);
			if (option === undefined) {
				throw invalidInput(node, itemIndex, label, `has no option "${given.slice(0, 60)}"`, `Its options: ${field.options.map((o) => `${o.option_value} (${o.option_id})`).join(', ')}`);
			}
			return option;
		});
		if (field.field_type === 'checkbox') return { field_identifier: id, field_value: ids };
		if (ids.length !== 1) throw invalidInput(node, itemIndex, label, `takes one option, got ${ids.length}`);
		return { field_identifier: id, field_value: ids[0] };
	});
}
/** Reads "Lead Email" / "Lead ID" into Kartra's lead identification; one of them is required. */
export function readLeadIdentity(this: IExecuteFunctions, itemIndex: number): { [key: string]: string } {
	const node = this.getNode();
	const email = checkEmail(node, itemIndex, 'Lead Email', this.getNodeParameter('email', itemIndex, ''), false);
	const id = requireId(node, itemIndex, 'Lead ID', this.getNodeParameter('leadId', itemIndex, ''), { optional: true });
	if (email === undefined && id === undefined) throw invalidInput(node, itemIndex, 'Lead Email or Lead ID', 'is required: give one of them');
	return { ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) };
}

/**
 * The key under which calls that change one lead are queued (`session.leadQueue`): Kartra matches a lead by ID
 * first, then by email without regard to case.
 */
export function leadKey(lead: { id?: string; email?: string }): string {
	return lead.id !== undefined ? `id:${lead.id}` : `email:${String(lead.email ?? '').toLowerCase()}`;
}

/** One entry of a chained call's `actions` answer, flattened for the output. */
export interface ActionOutcome {
	cmd: string;
	status: string;
	message?: string;
	type?: string;
	leadId?: string;
}

export function readOutcomes(answer: IDataObject): ActionOutcome[] {
	const outcomes: ActionOutcome[] = [];
	for (const entry of Array.isArray(answer.actions) ? (answer.actions as IDataObject[]) : []) {
		for (const [cmd, result] of Object.entries(entry ?? {})) {
			const r = (result ?? {}) as IDataObject;
			const leadId = (r.lead_details as IDataObject | undefined)?.id;
			outcomes.push({
				cmd,
				status: String(r.status ?? ''),
				...(typeof r.message === 'string' ? { message: r.message } : {}),
				...(r.type !== undefined ? { type: String(r.type) } : {}),
				...(leadId !== undefined ? { leadId: String(leadId) } : {}),
			});
		}
	}
	if (outcomes.length === 0 && typeof answer.status === 'string') {
		outcomes.push({
			cmd: '',
			status: answer.status,
			...(typeof answer.message === 'string' ? { message: answer.message } : {}),
			...(answer.type !== undefined ? { type: String(answer.type) } : {}),
		});
	}
	return outcomes;
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
		const text = requireScalar(node, itemIndex, label, raw).trim();
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
