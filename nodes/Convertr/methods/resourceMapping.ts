import {
	type ILoadOptionsFunctions,
	NodeOperationError,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { learnedRequiredFields } from '../campaign';
import { CAMPAIGN_CREDENTIAL_NAME, CREDENTIAL_NAME } from '../transport';
import { currentId, fetchCampaignForms } from './loadOptions';

/**
 * The chosen form's fields, nested ones included (`form[telephone][countryCode]` → "Telephone › Country Code"), marked
 * required when Convertr's field list says so or when Convertr refused a lead of this form for leaving them blank.
 */
export async function getFormFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const campaignId = currentId.call(this, 'campaignId');
	const formText = currentId.call(this, 'formId');
	// none yet: the mapper loads again when both are filled in (each load's notice replaces the one before)
	if (campaignId === undefined || formText === undefined)
		return {
			fields: [],
			emptyFieldsNotice:
				"Fill in the Campaign ID and choose the form: the form's fields then load from Convertr.",
		};
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
	// the credential the node is set to use (a node switched from one to the other may still hold both)
	const credentialName =
		this.getCurrentNodeParameter('authentication') === 'campaignApiKey'
			? CAMPAIGN_CREDENTIAL_NAME
			: CREDENTIAL_NAME;
	const credentialId = String(nodeOf(this).credentials?.[credentialName]?.id ?? '');
	const learned = learnedRequiredFields(credentialId, campaignId, formId);
	const keys = form.fields.map((field) => field.key);
	return {
		// shown with Map Automatically (Map Each Field Below shows the fields instead)
		emptyFieldsNotice: `Map Automatically sends the input fields named as this form's fields (${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}), by key (form[email]) or by name (email), and leaves out every other input field; the run's output says which it left out.`,
		// a field the campaign hides is shown as such and left out of Map Each Field Below until added back
		fields: form.fields.map((field) => ({
			id: field.id,
			displayName: field.hidden ? `${field.label} (hidden)` : field.label,
			...(field.hidden ? { removed: true } : {}),
			required: field.required || learned.has(field.key),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
	};
}
