import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { listSearchResults } from '../../shared/operations';
import { accountNameList, kartraRequest, openKartraSession, readCustomFields } from '../transport';

async function accountNames(
	this: ILoadOptionsFunctions,
	cmd: string,
	key: string,
): Promise<INodePropertyOptions[]> {
	const names = await accountNameList.call(this, await openKartraSession.call(this), cmd, key);
	return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await accountNames.call(this, 'retrieve_account_tags', 'account_tags');
}

export async function getLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await accountNames.call(this, 'retrieve_account_lists', 'account_lists');
}

export async function getSequences(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await accountNames.call(this, 'retrieve_account_sequences', 'account_sequences');
}

const FIELD_TYPES: IDataObject = {
	input_field: 'text',
	text_area: 'text area',
	drop_down: 'drop-down',
	radio_button: 'radio buttons',
	checkbox: 'checkboxes',
};

export async function getCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const session = await openKartraSession.call(this);
	const answer = await kartraRequest.call(
		this,
		session,
		{ actions: [{ cmd: 'retrieve_custom_fields' }] },
		{ idempotent: true },
	);
	return readCustomFields(answer).map((field) => ({
		name: field.field_identifier,
		value: field.field_identifier,
		description: `${String(FIELD_TYPES[field.field_type] ?? field.field_type)}${field.options.length ? `: ${field.options.map((o) => o.option_value).join(', ')}` : ''}`,
	}));
}

/** "From List" of the tag, list and sequence locators: the account's names, filtered by what the user types. */
async function searchNames(
	this: ILoadOptionsFunctions,
	cmd: string,
	key: string,
	filter?: string,
): Promise<INodeListSearchResult> {
	return listSearchResults(await accountNames.call(this, cmd, key), filter);
}

export async function searchTags(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchNames.call(this, 'retrieve_account_tags', 'account_tags', filter);
}

export async function searchLists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchNames.call(this, 'retrieve_account_lists', 'account_lists', filter);
}

export async function searchSequences(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchNames.call(this, 'retrieve_account_sequences', 'account_sequences', filter);
}
