import { type IDataObject, type IExecuteFunctions, type INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { encodePhpForm, type PhpFormValue } from '../../../shared/phpForm';
import { invalidInput, isBlank, requireId } from '../../../shared/validation';
import { formKeyFromId } from '../../formFields';
import { campaignForms, type ConvertrSession } from '../../transport';
import type { ConvertrCall, ConvertrOperation } from '../common';

const show = { resource: ['lead'], operation: ['create'] };

const description: INodeProperties[] = [
	{
		displayName: 'Form Name or ID',
		name: 'formId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getForms', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		required: true,
		displayOptions: { show },
		description:
			'The campaign\'s form the lead fills. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Link Name or ID',
		name: 'linkId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLinks', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		displayOptions: { show },
		description:
			'The channel the lead came through (optional). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['campaignId', 'formId'],
			resourceMapper: {
				resourceMapperMethod: 'getFormFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show },
	},
];

type MapperSchema = Array<{ id: string; displayName?: string; required?: boolean; removed?: boolean }>;

function readNested(source: IDataObject, id: string): unknown {
	if (id in source) return source[id];
	const key = formKeyFromId(id);
	if (key in source) return source[key];
	let current: unknown = source;
	for (const segment of id.split('/')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as IDataObject)[segment];
	}
	return current;
}

/** Collects the mapped values, checks them, and returns them as `form[...]` nested data plus the flat list sent. */
function collectFields(
	this: IExecuteFunctions,
	itemIndex: number,
): { form: Record<string, PhpFormValue>; sent: IDataObject } {
	const node = this.getNode();
	// Only the mapped values can hold expressions: read the schema and the mode without resolving them again.
	const schema = (this.getNodeParameter('columns.schema', 0, []) as MapperSchema).filter((field) => !field.removed);
	const labelOf = (id: string) => `field "${schema.find((f) => f.id === id)?.displayName ?? id}" (${formKeyFromId(id)})`;
	let source: IDataObject;
	try {
		source =
			this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData'
				? this.getInputData()[itemIndex].json
				: ((this.getNodeParameter('columns.value', itemIndex, {}) ?? {}) as IDataObject);
	} catch (error) {
		// n8n checks required mapped fields itself ("Invalid input for 'email' [item 1]"): say it as the node does
		const invalid = /^Invalid input for '(.+)' \[item \d+\]$/.exec(String((error as Error)?.message ?? ''));
		if (!invalid) throw new NodeOperationError(node, error as Error, { itemIndex });
		const detail = String((error as { description?: unknown }).description ?? '').replace(/^The value "[^"]*" (is )?/, '');
		throw invalidInput(node, itemIndex, labelOf(invalid[1]), /required/.test(detail) ? 'is required by the form but has no value' : detail || 'is not valid');
	}
	const ids = schema.length > 0 ? schema.map((f) => f.id) : Object.keys(source);
	const form: Record<string, PhpFormValue> = {};
	const sent: IDataObject = {};
	for (const id of ids) {
		const field = schema.find((f) => f.id === id);
		const key = formKeyFromId(id);
		const label = labelOf(id);
		const value = readNested(source, id);
		if (isBlank(value) || value === false) {
			if (field?.required) throw invalidInput(node, itemIndex, label, 'is required by the form but has no value');
			continue;
		}
		let text: string;
		if (typeof value === 'string') text = value;
		else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
		else if (value === true) text = 'true';
		else {
			const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
			throw invalidInput(node, itemIndex, label, `must be text or a number, not ${kind}`);
		}
		let branch = form;
		const path = id.split('/');
		for (const segment of path.slice(0, -1)) {
			if (typeof branch[segment] !== 'object' || branch[segment] === null) branch[segment] = {};
			branch = branch[segment] as Record<string, PhpFormValue>;
		}
		branch[path[path.length - 1]] = text;
		sent[key] = text;
	}
	if (Object.keys(sent).length === 0) {
		throw invalidInput(node, itemIndex, 'Fields', 'are all empty: map at least one form field');
	}
	return { form, sent };
}

/**
 * Convertr's "This form should not contain extra fields." names no field; the node knows what it sent. The form's
 * fields are read (once per execution) and the sent keys that are not among them are named.
 */
async function explainExtraFields(
	this: IExecuteFunctions,
	session: ConvertrSession,
	error: unknown,
	target: { campaignId: string; formId: string; sent: IDataObject },
): Promise<unknown> {
	if (!(error instanceof NodeApiError) || error.httpCode !== '400' || !/extra fields/i.test(error.message)) return error;
	let forms;
	try {
		forms = await campaignForms.call(this, session, target.campaignId);
	} catch {
		// the lead's own error says enough without the form's fields
		return error;
	}
	const form = forms.find((f) => String(f.formId) === target.formId);
	const known = new Set(form?.fields.map((f) => f.key) ?? []);
	const extra = form ? Object.keys(target.sent).filter((key) => !known.has(key)) : [];
	const explanation = !form
		? ` Form ${target.formId} is not one of campaign ${target.campaignId}'s forms.`
		: extra.length
			? ` Sent but not fields of form ${target.formId}: ${extra.join(', ')}.`
			: '';
	if (explanation === '') return error;
	error.message = `${error.message.replace(/\s+$/, '')}${explanation}`;
	error.description = form
		? `Remove ${extra.length === 1 ? 'this field' : 'these fields'} from the mapping, or refresh the field list (the form's fields: ${[...known].join(', ') || 'none'}).`
		: 'Choose a form of this campaign.';
	return error;
}

function prepare(this: IExecuteFunctions, session: ConvertrSession, itemIndex: number): ConvertrCall {
	const node = this.getNode();
	const campaignId = requireId(node, itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)) as string;
	const formId = requireId(node, itemIndex, 'Form', this.getNodeParameter('formId', itemIndex)) as string;
	const linkId = requireId(node, itemIndex, 'Link', this.getNodeParameter('linkId', itemIndex, ''), {
		optional: true,
	});
	const publisherId = requireId(node, itemIndex, 'Publisher ID (in the credential)', session.publisherId) as string;
	const { form, sent } = collectFields.call(this, itemIndex);
	return {
		request: {
			method: 'POST',
			path: `/api/v2.1/publisher/${publisherId}/forms/${formId}${linkId ? `/links/${linkId}` : ''}/leads`,
			formBody: encodePhpForm({ form: { ...form, submit: 'true' } }),
			idempotent: false,
			notFound: `Publisher ${publisherId}, form ${formId}${linkId ? ` or link ${linkId}` : ''}`,
			itemIndex,
		},
		async explainFailure(this: IExecuteFunctions, failedSession, error) {
			return await explainExtraFields.call(this, failedSession, error, { campaignId, formId, sent });
		},
		toOutput(response) {
			const readable = typeof response.body === 'object' && response.body !== null;
			const answer = (readable ? response.body : {}) as IDataObject;
			return [
				{
					json: {
						leadId: answer.data ?? null,
						// a 2xx means Convertr took the lead: sending it again would duplicate it, even without its ID
						message: answer.message ?? (readable ? null : `Convertr accepted the lead (HTTP ${response.status}) but its answer could not be read, so the lead ID is unknown`),
						status: answer.status ?? response.status,
						formId: Number(formId),
						linkId: linkId ? Number(linkId) : null,
						fields: sent,
					},
				},
			];
		},
	};
}

export const createLead: ConvertrOperation = { description, prepare };
