import type { IDataObject } from 'n8n-workflow';

import { isPrototypeName } from '../../credentials/common/ownKeys';

/** What Convertr says about a campaign: its forms with their fields (the lead mapper's fields), and its links. */

/** One field of a Convertr form, as the resource mapper and the lead body see it. */
export interface ConvertrFormField {
	/** Convertr's key, e.g. `form[telephone][countryCode]` */
	key: string;
	/** Mapper id: the path inside `form`, slash-separated, e.g. `telephone/countryCode` */
	id: string;
	/** Readable name, e.g. `Telephone › Country Code` */
	label: string;
	required: boolean;
	/** Hidden in the campaign's form (the Campaign Webhook's field list says so) */
	hidden: boolean;
}

export interface ConvertrForm {
	formId: number;
	formName: string;
	fields: ConvertrFormField[];
	raw: IDataObject;
}

/** Longest form key read: Convertr's are short, and no pattern runs over an unbounded text */
const MAX_KEY_LENGTH = 200;

/**
 * A step of a form field's path that PHP reads back as the same one name: no bracket (`email]` would be read as
 * `email`, the last value winning), no `/` (the mapper's separator), no control character, and no name that reaches
 * an object's prototype where the path is walked.
 */
export function isFormSegment(segment: string): boolean {
	return (
		segment.length > 0 &&
		segment.length <= 100 &&
		!isPrototypeName(segment) &&
		![...segment].some((char) => char === '[' || char === ']' || char === '/' || char < ' ')
	);
}

/** `form[a][b]` → ['a', 'b']; undefined when the key is not a form field. */
export function formKeyPath(key: string): string[] | undefined {
	if (key.length > MAX_KEY_LENGTH) return undefined;
	const match = /^form((?:\[[^[\]]+\])+)$/.exec(key.trim());
	if (!match) return undefined;
	const path = match[1].slice(1, -1).split('][');
	return path.every(isFormSegment) ? path : undefined;
}

/** A mapper field's path (`telephone/countryCode` → ['telephone', 'countryCode']); undefined when a step is not a form name. */
export function formIdPath(id: string): string[] | undefined {
	if (id.length > MAX_KEY_LENGTH) return undefined;
	const path = id.split('/');
	return path.every(isFormSegment) ? path : undefined;
}

/** What an input field's name may be when no field list says which fields the form has: letters, digits, `_`, `-`. */
const PLAIN_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The form path an input field's name maps to with Map Automatically and no field list: `email`, `telephone/countryCode`,
 * or the key itself (`form[email]`, `form[telephone][countryCode]`); at most two steps, each of letters, digits,
 * `_` and `-`, none reaching a prototype. Undefined for any other name: it would not arrive as a clean `form[a][b]` key.
 */
export function inputFieldPath(name: string): string[] | undefined {
	if (name.length > MAX_KEY_LENGTH) return undefined;
	const path = name.startsWith('form[') ? formKeyPath(name) : name.split('/');
	if (!path || path.length > 2) return undefined;
	return path.every((segment) => PLAIN_NAME.test(segment) && !isPrototypeName(segment))
		? path
		: undefined;
}

export function formKeyFromId(id: string): string {
	return `form${id
		.split('/')
		.map((segment) => `[${segment}]`)
		.join('')}`;
}

function humanize(segment: string): string {
	const words = segment
		.replace(/[_-]+/g, ' ')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([a-zA-Z])(\d)/g, '$1 $2')
		.trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Reads one entry of a form's `fields`: a key string as documented (`"form[email]"`), or, defensively,
 * an object `{name, required, label}` should Convertr send one (unconfirmed).
 */
function readField(entry: unknown): ConvertrFormField | undefined {
	let key: string | undefined;
	let required = false;
	let hidden = false;
	let label: string | undefined;
	if (typeof entry === 'string') {
		key = entry;
	} else if (typeof entry === 'object' && entry !== null) {
		const object = entry as IDataObject;
		key =
			typeof object.name === 'string'
				? object.name
				: typeof object.key === 'string'
					? object.key
					: undefined;
		required = object.required === true;
		hidden = object.hidden === true;
		label =
			typeof object.label === 'string' && object.label.trim() !== ''
				? object.label.trim()
				: undefined;
	}
	if (key === undefined) return undefined;
	const path = formKeyPath(key);
	if (!path || (path.length === 1 && path[0] === 'submit')) return undefined;
	return {
		key: formKeyFromId(path.join('/')),
		id: path.join('/'),
		label: label ?? path.map(humanize).join(' › '),
		required,
		hidden,
	};
}

/** Reads the fields endpoint's answer (an array of forms). */
export function readForms(body: unknown): ConvertrForm[] {
	const list = Array.isArray(body)
		? body
		: typeof body === 'object' && body !== null && Array.isArray((body as IDataObject).data)
			? ((body as IDataObject).data as unknown[])
			: [];
	const forms: ConvertrForm[] = [];
	for (const entry of list) {
		if (typeof entry !== 'object' || entry === null) continue;
		const raw = entry as IDataObject;
		const formId = Number(raw.formId ?? raw.id);
		if (!Number.isFinite(formId)) continue;
		const fields = (Array.isArray(raw.fields) ? raw.fields : [])
			.map(readField)
			.filter((f): f is ConvertrFormField => f !== undefined);
		forms.push({
			formId,
			formName: String(raw.formName ?? raw.name ?? `Form ${formId}`),
			fields,
			raw,
		});
	}
	return forms;
}

/** Reads the links endpoint's answer (an array of links, or `{data: [...]}`). */
export function readLinks(body: unknown): IDataObject[] {
	const list = Array.isArray(body)
		? body
		: typeof body === 'object' && body !== null && Array.isArray((body as IDataObject).data)
			? ((body as IDataObject).data as unknown[])
			: [];
	return list.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null);
}

/**
 * Fields Convertr said must not be blank (its 400 on a lead), by credential, campaign and form, kept for this n8n
 * process: the field list does not say which fields a form needs, a refused lead does, and the mapper then marks them.
 */
const requiredSeen = new Map<string, Set<string>>();

/** The forms remembered at most (the least recently taught forgotten first), and the fields per form */
export const MAX_FORMS_REMEMBERED = 500;
const MAX_FIELDS_REMEMBERED = 200;

const formScope = (credentialId: string, campaignId: string, formId: string | number) =>
	`${credentialId}|${campaignId}|${formId}`;

/** How much of a refused lead's message is read for blank fields: Convertr names a few fields in a short text */
const MAX_MESSAGE_READ = 8_000;

/**
 * Reads "form[lastName]: This value should not be blank." lines out of a refused lead's message. The message is cut
 * into its `;`-separated parts first, so that each pattern runs over one short part: linear in the message.
 */
export function blankFieldsIn(message: string): string[] {
	const keys: string[] = [];
	for (const part of message.slice(0, MAX_MESSAGE_READ).split(/[;()]/)) {
		const colon = part.indexOf(': ');
		if (colon === -1) continue;
		const key = part.slice(0, colon).trim();
		if (formKeyPath(key) && /\b(?:blank|required|empty|missing)\b/i.test(part.slice(colon + 2)))
			keys.push(key);
	}
	return keys;
}

export function learnRequiredFields(
	credentialId: string,
	campaignId: string,
	formId: string | number,
	keys: string[],
): void {
	if (keys.length === 0) return;
	const scope = formScope(credentialId, campaignId, formId);
	const known = requiredSeen.get(scope) ?? new Set<string>();
	for (const key of keys) if (known.size < MAX_FIELDS_REMEMBERED) known.add(key);
	// taught again: last in the map's order, so the forms not taught for the longest go first
	requiredSeen.delete(scope);
	requiredSeen.set(scope, known);
	for (const oldest of requiredSeen.keys()) {
		if (requiredSeen.size <= MAX_FORMS_REMEMBERED) break;
		requiredSeen.delete(oldest);
	}
}

export function learnedRequiredFields(
	credentialId: string,
	campaignId: string,
	formId: string | number,
): ReadonlySet<string> {
	return requiredSeen.get(formScope(credentialId, campaignId, formId)) ?? new Set();
}
