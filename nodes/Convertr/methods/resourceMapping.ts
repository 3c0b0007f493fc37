import {
	type ILoadOptionsFunctions,
	NodeOperationError,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { learnedRequiredFields } from '../campaign';
import { CREDENTIAL_NAME } from '../transport';
import { currentId, fetchCampaignForms } from './loadOptions';

/**
 * The chosen form's fields, nested ones included (`form[telephone][countryCode]` → "Telephone › Country Code"), marked
 * required when Convertr's field list says so or when Convertr refused a lead of this form for leaving them blank.
 */
export async function getFormFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const campaignId = currentId.call(this, 'campaignId');
	const formText = currentId.call(this, 'formId');
	if (campaignId === undefined || formText === undefined) {
		return {
			fields: [],
			emptyFieldsNotice:
				"Fill in the Campaign ID and choose the form first: the form's fields load from Convertr.",
		};
	}
	const formId = Number(formText);
	const forms = await fetchCampaignForms.call(this, campaignId);
	const form = forms.find((f) => f.formId === formId);
	if (!form) {
		throw new NodeOperationError(
			nodeOf(this),
			`Form ${formId} is not one of this campaign's forms`,
			{
				description: `The campaign has: ${forms.map((f) => `${f.formName} (${f.formId})`).join(', ') || 'no forms'}`,
			},
		);
	}
	const credentialId = String(nodeOf(this).credentials?.[CREDENTIAL_NAME]?.id ?? '');
	const learned = learnedRequiredFields(credentialId, campaignId, formId);
	return {
		fields: form.fields.map((field) => ({
			id: field.id,
			displayName: field.label,
			required: field.required || learned.has(field.key),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
	};
}
