import {
	type ILoadOptionsFunctions,
	NodeOperationError,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { currentId, fetchCampaignForms } from './loadOptions';

/** The chosen form's fields, nested ones included (`form[telephone][countryCode]` → "Telephone › Country Code"). */
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
			this.getNode(),
			`Form ${formId} is not one of this campaign's forms`,
			{
				description: `The campaign has: ${forms.map((f) => `${f.formName} (${f.formId})`).join(', ') || 'no forms'}`,
			},
		);
	}
	return {
		fields: form.fields.map((field) => ({
			id: field.id,
			displayName: field.label,
			required: field.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
	};
}
