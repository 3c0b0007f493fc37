import type { IDataObject } from 'n8n-workflow';

import { oneByOne, type Operation } from '../../../shared/operation';
import { defineOwn } from '../../../../credentials/common/ownKeys';
import { kartraDateToIso } from '../../easternTime';
import { type KartraSession, kartraRequest } from '../../transport';
import { leadEmailField } from '../common.descriptions';
import { readLeadEmail } from '../leadInput';

const show = { resource: ['lead'], operation: ['get'] };

const COMMON_FIELDS = [
	'id',
	'email',
	'first_name',
	'middle_name',
	'last_name',
	'phone_country_code',
	'phone',
	'company',
	'address',
	'city',
	'state',
	'zip',
	'country',
	'date_joined',
	'score',
	'source',
	'lead_preferred_time_zone',
	'blacklisted',
];

/** The common fields, tags and active lists as names, and custom fields as `{identifier: value}`. */
export function simplifyLead(details: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const key of COMMON_FIELDS) if (details[key] !== undefined) simple[key] = details[key];
	// Kartra's US Eastern text as ISO 8601 with the offset of that day
	if (typeof details.date_joined === 'string')
		simple.date_joined = kartraDateToIso(details.date_joined) ?? details.date_joined;
	const names = (list: unknown, key: string, active?: string) =>
		(Array.isArray(list) ? (list as IDataObject[]) : [])
			.filter((entry) => active === undefined || String(entry[active]) === '1')
			.map((entry) => entry[key]);
	simple.tags = names(details.tags, 'tag_name');
	simple.lists = names(details.lists, 'list_name', 'active');
	const customFields: IDataObject = {};
	for (const field of Array.isArray(details.custom_fields)
		? (details.custom_fields as IDataObject[])
		: []) {
		const value = field.field_value;
		const options = Array.isArray(value)
			? (value as IDataObject[]).map((o) => o.option_value)
			: undefined;
		// Kartra's identifier kept as an own entry, whatever it is (`__proto__` sets no prototype)
		defineOwn(
			customFields,
			String(field.field_identifier),
			options === undefined
				? (value ?? '')
				: field.field_type === 'checkbox'
					? options
					: (options[0] ?? ''),
		);
	}
	simple.custom_fields = customFields;
	return simple;
}

export const getLead: Operation<KartraSession, { email: string; simplify: boolean }> = {
	description: [
		leadEmailField(show, true),
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			displayOptions: { show },
			description:
				'Whether to return the common fields, tag and list names, and custom fields as {identifier: value} instead of the whole profile (sequences, memberships, transactions, calendars, surveys…)',
		},
	],
	prepare(_session, itemIndex) {
		return {
			email: readLeadEmail.call(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		};
	},
	execute: oneByOne(async function (session, { email, simplify }, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{ get_lead: { email } },
			{ idempotent: true, itemIndex },
		);
		const details = (answer.lead_details ?? {}) as IDataObject;
		return [simplify ? simplifyLead(details) : details];
	}),
};
