import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { locatorValue } from '../../shared/input';

import { fillFirstOption, listSearchResults } from '../../shared/operations';
import { type ConvertrForm, readLinks } from '../campaign';
import {
	campaignForms,
	type ConvertrSession,
	convertrRequest,
	convertrRoutes,
	openConvertrSession,
} from '../transport';

/** A number the user has entered in another field, or undefined while it is empty or not a number. */
export function currentId(this: ILoadOptionsFunctions, name: string): string | undefined {
	const value = String(locatorValue(this.getCurrentNodeParameter(name)) ?? '').trim();
	return /^\d+$/.test(value) ? value : undefined;
}

/** A session with the authentication the node is set to (the editor's current parameters) */
export async function editorSession(this: ILoadOptionsFunctions): Promise<ConvertrSession> {
	const authentication = this.getCurrentNodeParameter('authentication');
	return await openConvertrSession.call(
		this,
		undefined,
		authentication === 'campaignApiKey' ? 'campaignApiKey' : 'publisherApi',
	);
}

/** The campaign's forms, as the fields endpoint lists them (none while the campaign ID is not filled in). */
export async function fetchCampaignForms(
	this: ILoadOptionsFunctions,
	campaignId: string,
): Promise<ConvertrForm[]> {
	return await campaignForms.call(this, await editorSession.call(this), campaignId);
}

const CAMPAIGN_FIRST = 'the Campaign ID (a number)';

export async function getForms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaignId = currentId.call(this, 'campaignId');
	if (campaignId === undefined) return fillFirstOption(CAMPAIGN_FIRST);
	const forms = await fetchCampaignForms.call(this, campaignId);
	return forms.map((form) => ({
		name: `${form.formName} (${form.formId})`,
		value: String(form.formId),
		description: `${form.fields.length} fields`,
	}));
}

export async function getLinks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaignId = currentId.call(this, 'campaignId');
	if (campaignId === undefined) return fillFirstOption(CAMPAIGN_FIRST);
	const session = await editorSession.call(this);
	const response = await convertrRequest.call(this, session, {
		method: 'GET',
		path: convertrRoutes.links(session, campaignId),
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

/** "From List" of the form locator: the campaign's forms, filtered by what the user types (none before a campaign). */
export async function searchForms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return listSearchResults(await getForms.call(this), filter);
}

/** "From List" of the link locator: the campaign's links (each with its destination), filtered by what the user types. */
export async function searchLinks(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return listSearchResults(await getLinks.call(this), filter, (o) => o.description);
}
