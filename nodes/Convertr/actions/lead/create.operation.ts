import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	NodeApiError,
} from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { locatorValue, requireId } from '../../../shared/input';
import { deliveryKeyOf, stableText } from '../../../shared/delivery';
import { oneByOne, type Operation } from '../../../shared/operation';
import { encodePhpForm, type PhpFormValue } from '../../../shared/phpForm';
import { blankFieldsIn, learnRequiredFields } from '../../campaign';
import { campaignForms, type ConvertrSession, convertrRequest } from '../../transport';
import { collectFields, hintLeftOut } from './formValues';

const show = { resource: ['lead'], operation: ['create'] };

/** From version 1.1 the form and the link are resource locators: From List (following the campaign) or By ID. */
function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	required: boolean,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 1.1 } }] } },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${displayName.toLowerCase()} of the campaign…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: name === 'formId' ? '35' : '12',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\d+$',
							errorMessage: `A ${displayName.toLowerCase()} ID is a number`,
						},
					},
				],
			},
		],
	};
}

const description: INodeProperties[] = [
	{
		displayName: 'Check Only',
		name: 'checkOnly',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			"Whether to check every item against the form's fields and say what would be sent, without sending anything",
	},
	{
		displayName: 'Form Name or ID',
		name: 'formId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getForms', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		required: true,
		displayOptions: { show: { ...show, '@version': [1] } },
		description:
			'The campaign\'s form the lead fills. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Link Name or ID',
		name: 'linkId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLinks', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		displayOptions: { show: { ...show, '@version': [1] } },
		description:
			'The channel the lead came through (optional). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	locator('formId', 'Form', 'searchForms', true, "The campaign's form the lead fills"),
	locator('linkId', 'Link', 'searchLinks', false, 'The channel the lead came through (optional)'),
	{
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			// The editor reloads the mapper when the text of these changes. It joins them as text, and a resource
			// locator (the form, from version 1.1) would read "[object Object]" whichever form is chosen: its `value`
			// is named, so choosing another form reloads the fields.
			loadOptionsDependsOn: ['campaignId', 'formId', 'formId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getFormFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError:
					"No fields yet: fill in the Campaign ID and choose the form, and the form's fields load from Convertr (or choose Map Automatically).",
			},
		},
		displayOptions: { show },
	},
];

/**
 * A lead Convertr refused (400). Fields it said must not be blank are remembered for the mapper's required marks.
 * Its "This form should not contain extra fields." names no field; the node knows what it sent: the form's fields
 * are read (once per execution) and the sent keys that are not among them are named.
 */
async function explainRefusal(
	this: IExecuteFunctions,
	session: ConvertrSession,
	error: unknown,
	target: PreparedLead,
): Promise<unknown> {
	if (!(error instanceof NodeApiError) || error.httpCode !== '400') return error;
	learnRequiredFields(
		session.credential.id ?? '',
		target.campaignId,
		target.formId,
		blankFieldsIn(error.message),
	);
	if (!/extra fields/i.test(error.message)) return error;
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
	error.message = `${error.message.trimEnd()}${explanation}`;
	error.description = form
		? `Remove ${extra.length === 1 ? 'this field' : 'these fields'} from the mapping, or refresh the field list (the form's fields: ${[...known].join(', ') || 'none'}).`
		: 'Choose a form of this campaign.';
	return error;
}

interface PreparedLead {
	campaignId: string;
	formId: string;
	linkId?: string;
	publisherId: string;
	form: Record<string, PhpFormValue>;
	sent: IDataObject;
}

export const createLead: Operation<ConvertrSession, PreparedLead> = {
	description,
	prepare(session, itemIndex) {
		const node = nodeOf(this);
		const ids = {
			campaignId: requireId(
				node,
				itemIndex,
				'Campaign ID',
				this.getNodeParameter('campaignId', itemIndex),
			),
			formId: requireId(
				node,
				itemIndex,
				'Form',
				locatorValue(this.getNodeParameter('formId', itemIndex)),
			),
			linkId: requireId(
				node,
				itemIndex,
				'Link',
				locatorValue(this.getNodeParameter('linkId', itemIndex, '')),
				{
					optional: true,
				},
			),
			publisherId: requireId(
				node,
				itemIndex,
				'Publisher ID (in the credential)',
				session.publisherId,
			),
		};
		const { form, sent, leftOut } = collectFields.call(this, itemIndex);
		hintLeftOut.call(this, itemIndex, ids.formId, leftOut);
		return { ...ids, form, sent };
	},
	// the lead's ID is Convertr's answer: a skipped or failed lead has none here
	summarize: (lead) => ({
		leadId: null,
		formId: Number(lead.formId),
		linkId: lead.linkId ? Number(lead.linkId) : null,
		fields: lead.sent,
	}),
	deliveryKey: (lead) =>
		deliveryKeyOf(
			'convertr',
			lead.campaignId,
			lead.formId,
			String(lead.sent['form[email]'] ?? stableText(lead.sent)).toLowerCase(),
		),
	execute: oneByOne(async function (session, lead, itemIndex) {
		const { formId, linkId, publisherId } = lead;
		let response;
		try {
			response = await convertrRequest.call(this, session, {
				method: 'POST',
				path: `/api/v2.1/publisher/${publisherId}/forms/${formId}${linkId ? `/links/${linkId}` : ''}/leads`,
				formBody: encodePhpForm({ form: { ...lead.form, submit: 'true' } }),
				idempotent: false,
				notFound: `Publisher ${publisherId}, form ${formId}${linkId ? ` or link ${linkId}` : ''}`,
				itemIndex,
			});
		} catch (error) {
			throw await explainRefusal.call(this, session, error, lead);
		}
		const readable = typeof response.body === 'object' && response.body !== null;
		const answer = (readable ? response.body : {}) as IDataObject;
		return [
			{
				leadId: answer.data ?? null,
				// a 2xx means Convertr took the lead: sending it again would duplicate it, even without its ID
				message:
					answer.message ??
					(readable
						? null
						: `Convertr accepted the lead (HTTP ${response.status}) but its answer could not be read, so the lead ID is unknown`),
				status: answer.status ?? response.status,
				formId: Number(formId),
				linkId: linkId ? Number(linkId) : null,
				fields: lead.sent,
			},
		];
	}),
};

/**
 * Lead → Create with Check Only: the same preparation, then each item checked against the campaign's forms (read once
 * per execution) instead of sent: the form belongs to the campaign, every sent field is one of the form's, every field
 * the form says it needs has a value. Nothing is posted and nothing is recorded as delivered.
 */
export const checkLeadOnly: Operation<ConvertrSession, PreparedLead> = {
	description: [],
	prepare: createLead.prepare,
	execute: oneByOne(async function (session, lead) {
		const forms = await campaignForms.call(this, session, lead.campaignId);
		const form = forms.find((f) => String(f.formId) === lead.formId);
		const problems: string[] = [];
		if (!form) {
			problems.push(`Form ${lead.formId} is not one of campaign ${lead.campaignId}'s forms`);
		} else {
			const known = new Set(form.fields.map((f) => f.key));
			const extra = Object.keys(lead.sent).filter((key) => !known.has(key));
			if (extra.length) problems.push(`Not fields of form ${lead.formId}: ${extra.join(', ')}`);
			const missing = form.fields
				.filter((f) => f.required)
				.filter((f) => {
					const value = lead.sent[f.key];
					return value === undefined || value === null || String(value).trim() === '';
				})
				.map((f) => f.key);
			if (missing.length)
				problems.push(`Required by form ${lead.formId} but empty: ${missing.join(', ')}`);
		}
		return [
			{
				checkOnly: true,
				valid: problems.length === 0,
				problems,
				campaignId: Number(lead.campaignId),
				formId: Number(lead.formId),
				linkId: lead.linkId ? Number(lead.linkId) : null,
				wouldSend: lead.sent,
			},
		];
	}),
};
