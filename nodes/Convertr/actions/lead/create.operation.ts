import { type IDataObject, type IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { isVersion, nodeOf } from '../../../shared/context';
import { invalidInput, isBlank, locatorValue, requireId } from '../../../shared/input';
import { deliveryKeyOf, stableText } from '../../../shared/deliverySettings';
import { oneByOne, type Operation } from '../../../shared/operation';
import { encodePhpForm, type PhpFormValue } from '../../../../credentials/common/phpForm';
import {
	blankFieldsIn,
	type ConvertrForm,
	formKeyPath,
	learnedRequiredFields,
	learnRequiredFields,
} from '../../campaign';
import {
	campaignForms,
	type ConvertrSession,
	convertrRequest,
	convertrRoutes,
	reachableCampaign,
} from '../../transport';
import { description } from './create.description';
import { collectFields, hintLeftOut } from './formValues';

/**
 * A lead Convertr refused (400): fields it said must not be blank are remembered, so that the mapper marks them
 * required and the next leads of this form are checked for them before sending. (The form and its fields were
 * checked against the campaign's field list before the lead was sent.)
 */
function learnFromRefusal(session: ConvertrSession, error: unknown, target: PreparedLead): unknown {
	if (!(error instanceof NodeApiError) || error.httpCode !== '400') return error;
	learnRequiredFields(
		session.credential.id ?? '',
		target.campaignId,
		target.formId,
		blankFieldsIn(error.message),
	);
	return error;
}

/**
 * The fields sent, as the output shows them: from version 1.2 named as the form's fields (`email`,
 * `telephone.countryCode`), before that by their form keys (`form[email]`).
 */
function fieldsOutput(this: IExecuteFunctions, sent: IDataObject): IDataObject {
	if (!isVersion(this, 1.2)) return sent;
	return Object.fromEntries(
		Object.entries(sent).map(([key, value]) => [formKeyPath(key)?.join('.') ?? key, value]),
	);
}

interface PreparedLead {
	campaignId: string;
	formId: string;
	linkId?: string;
	publisherId: string;
	form: Record<string, PhpFormValue>;
	sent: IDataObject;
}

/** Reads and checks one item's lead: the IDs and the mapped fields, sending nothing. */
async function readLead(
	this: IExecuteFunctions,
	session: ConvertrSession,
	itemIndex: number,
): Promise<PreparedLead> {
	const node = nodeOf(this);
	const ids = {
		campaignId: reachableCampaign(
			node,
			session,
			itemIndex,
			requireId(node, itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)),
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
			{ optional: true },
		),
		// the Campaign Webhook takes a publisher ID when there is one; the publisher API's route needs it
		publisherId: session.campaignKey
			? (requireId(node, itemIndex, 'Publisher ID (in the credential)', session.publisherId, {
					optional: true,
				}) ?? '')
			: requireId(node, itemIndex, 'Publisher ID (in the credential)', session.publisherId),
	};
	const { form, sent, leftOut } = collectFields.call(this, itemIndex);
	hintLeftOut.call(this, itemIndex, ids.formId, leftOut);
	return { ...ids, form, sent };
}

/**
 * What Convertr would refuse in a lead, from the campaign's forms (read once per execution): a form that is not the
 * campaign's, fields the form does not have, and empty fields the form needs (marked required in its field list, its
 * e-mail, or left blank in a lead Convertr refused before).
 */
function leadProblems(
	session: ConvertrSession,
	forms: ConvertrForm[],
	lead: PreparedLead,
): { formMissing: boolean; extra: string[]; missing: string[]; form?: ConvertrForm } {
	const form = forms.find((f) => String(f.formId) === lead.formId);
	if (!form) return { formMissing: true, extra: [], missing: [] };
	const learned = learnedRequiredFields(session.credential.id ?? '', lead.campaignId, lead.formId);
	const known = new Set(form.fields.map((f) => f.key));
	const extra = Object.keys(lead.sent).filter((key) => !known.has(key));
	const missing = form.fields
		.filter((f) => f.required || f.key === 'form[email]' || learned.has(f.key))
		.filter((f) => isBlank(lead.sent[f.key]))
		.map((f) => f.key);
	return { formMissing: false, extra, missing, form };
}

export const createLead: Operation<ConvertrSession, PreparedLead> = {
	description,
	async prepare(session, itemIndex) {
		const lead = await readLead.call(this, session, itemIndex);
		const forms = await campaignForms.call(this, session, lead.campaignId);
		const { formMissing, extra, missing, form } = leadProblems(session, forms, lead);
		const node = nodeOf(this);
		if (formMissing)
			throw invalidInput(
				node,
				itemIndex,
				'Form',
				`${lead.formId} is not one of campaign ${lead.campaignId}'s forms (its forms: ${forms.map((f) => `${f.formName} (${f.formId})`).join(', ') || 'none'})`,
				'Choose a form of this campaign.',
			);
		if (missing.length)
			throw invalidInput(
				node,
				itemIndex,
				// named as the mapper names them: "Email" (form[email])
				`${missing.length === 1 ? 'Field' : 'Fields'} ${missing
					.map((key) => `"${form?.fields.find((f) => f.key === key)?.label ?? key}" (${key})`)
					.join(', ')}`,
				`${missing.length === 1 ? 'is' : 'are'} required by form ${lead.formId} but empty`,
				'Map a value to each, or leave the item out before this node.',
			);
		if (extra.length)
			throw invalidInput(
				node,
				itemIndex,
				`${extra.length === 1 ? 'Field' : 'Fields'} ${extra.join(', ')}`,
				`${extra.length === 1 ? 'is not a field' : 'are not fields'} of form ${lead.formId}`,
				`Remove ${extra.length === 1 ? 'it' : 'them'} from the mapping, or refresh the field list (the form's fields: ${form?.fields.map((f) => f.key).join(', ') || 'none'}).`,
			);
		return lead;
	},
	// the lead's ID is Convertr's answer: a skipped or failed lead has none here
	summarize(lead) {
		return {
			leadId: null,
			formId: Number(lead.formId),
			linkId: lead.linkId ? Number(lead.linkId) : null,
			fields: fieldsOutput.call(this, lead.sent),
		};
	},
	deliveryKey: (lead) =>
		deliveryKeyOf(
			'convertr',
			lead.campaignId,
			lead.formId,
			String(lead.sent['form[email]'] ?? stableText(lead.sent)).toLowerCase(),
		),
	execute: oneByOne(async function (session, lead, itemIndex) {
		const { formId, linkId, publisherId } = lead;
		const where = session.campaignKey
			? `Campaign ${lead.campaignId}, form ${formId}${publisherId ? ` or publisher ${publisherId}` : ''}`
			: `Publisher ${publisherId}, form ${formId}${linkId ? ` or link ${linkId}` : ''}`;
		let response;
		try {
			response = await convertrRequest.call(this, session, {
				method: 'POST',
				path: convertrRoutes.lead(session, lead),
				formBody: encodePhpForm({ form: { ...lead.form, submit: 'true' } }),
				idempotent: false,
				notFound: where,
				itemIndex,
			});
		} catch (error) {
			throw learnFromRefusal(session, error, lead);
		}
		const readable = typeof response.body === 'object' && response.body !== null;
		const answer = (readable ? response.body : {}) as IDataObject;
		// a 2xx means Convertr took the lead: sending it again would duplicate it, even without its ID
		const message =
			answer.message ??
			(readable
				? null
				: `Convertr accepted the lead (HTTP ${response.status}) but its answer could not be read, so the lead ID is unknown`);
		const ids = { formId: Number(formId), linkId: linkId ? Number(linkId) : null };
		if (!isVersion(this, 1.2))
			return [
				{
					leadId: answer.data ?? null,
					message,
					status: answer.status ?? response.status,
					...ids,
					fields: lead.sent,
				},
			];
		const leadId = answer.data;
		return [
			{
				leadId: typeof leadId === 'number' || typeof leadId === 'string' ? String(leadId) : null,
				message,
				httpStatus: response.status,
				...ids,
				fields: fieldsOutput.call(this, lead.sent),
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
	prepare: readLead,
	execute: oneByOne(async function (session, lead) {
		const forms = await campaignForms.call(this, session, lead.campaignId);
		const { formMissing, extra, missing } = leadProblems(session, forms, lead);
		const problems: string[] = [];
		if (formMissing)
			problems.push(`Form ${lead.formId} is not one of campaign ${lead.campaignId}'s forms`);
		if (extra.length) problems.push(`Not fields of form ${lead.formId}: ${extra.join(', ')}`);
		if (missing.length)
			problems.push(`Required by form ${lead.formId} but empty: ${missing.join(', ')}`);
		return [
			{
				checkOnly: true,
				valid: problems.length === 0,
				problems,
				campaignId: Number(lead.campaignId),
				formId: Number(lead.formId),
				linkId: lead.linkId ? Number(lead.linkId) : null,
				wouldSend: fieldsOutput.call(this, lead.sent),
			},
		];
	}),
};
