import {
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
	NodeOperationError,
} from 'n8n-workflow';

import { readLinks } from '../actions/link/getMany.operation';
import type { ConvertrForm } from '../formFields';
import { campaignForms, convertrRequest, openConvertrSession } from '../transport';

export function currentId(this: ILoadOptionsFunctions, name: string, label: string): string {
	const value = String(this.getCurrentNodeParameter(name) ?? '').trim();
	if (!/^\d+$/.test(value)) {
		throw new NodeOperationError(this.getNode(), `Enter the ${label} (a number) first`);
	}
	return value;
}

/** The campaign's forms, as the fields endpoint lists them. */
export async function fetchCampaignForms(this: ILoadOptionsFunctions): Promise<ConvertrForm[]> {
	const campaignId = currentId.call(this, 'campaignId', 'campaign ID');
	return await campaignForms.call(this, await openConvertrSession.call(this), campaignId);
}

export async function getForms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const forms = await fetchCampaignForms.call(this);
	return forms.map((form) => ({
		name: `${form.formName} (${form.formId})`,
		value: String(form.formId),
		description: `${form.fields.length} fields`,
	}));
}

export async function getLinks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaignId = currentId.call(this, 'campaignId', 'campaign ID');
	const session = await openConvertrSession.call(this);
	const response = await convertrRequest.call(this, session, {
		method: 'GET',
		path: `/api/v2/publisher/links/${campaignId}`,
		idempotent: true,
		notFound: `Campaign ${campaignId}`,
	});
	const links = readLinks(response.body).map((link) => ({
		name: `${String(link.name ?? link.id)}${link.channel ? ` (${String(link.channel)})` : ''}`,
		value: String(link.id),
		description: typeof link.destination === 'string' ? link.destination : undefined,
	}));
	return [{ name: 'No Link', value: '', description: 'Send the lead without a link' }, ...links];
}

