import type { IDataObject } from 'n8n-workflow';

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
}

export interface ConvertrForm {
	formId: number;
	formName: string;
	fields: ConvertrFormField[];
	raw: IDataObject;
}

/** `form[a][b]` → ['a', 'b']; undefined when the key is not a form field. */
export function formKeyPath(key: string): string[] | undefined {
	const match = /^form((?:\[[^[\]]+\])+)$/.exec(key.trim());
	if (!match) return undefined;
	return match[1].slice(1, -1).split('][');
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

const formScope = (credentialId: string, campaignId: string, formId: string | number) =>
	`${credentialId}|${campaignId}|${formId}`;

/** Reads "form[lastName]: This value should not be blank." lines out of a refused lead's message. */
export function blankFieldsIn(message: string): string[] {
	const keys: string[] = [];
	for (const match of message.matchAll(
		/(form(?:\[[^[\]]+\])+): [^;()]*\b(?:blank|required|empty|missing)\b/gi,
	)) {
		keys.push(match[1]);
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
	for (const key of keys) known.add(key);
	requiredSeen.set(scope, known);
}

export function learnedRequiredFields(
	credentialId: string,
	campaignId: string,
	formId: string | number,
): ReadonlySet<string> {
	return requiredSeen.get(formScope(credentialId, campaignId, formId)) ?? new Set();
}
