import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, optionsCollection, timeoutOption } from '../../shared/operations';
import { type ActionField, LEAD_ACTIONS, paramName } from './leadActions.table';

/** The parameters the Kartra operations share: the lead, its fields, custom fields, "Also Do", the options. */

export type Show = NonNullable<IDisplayOptions['show']>;

export const DEFAULT_CONCURRENCY = 4;

export function leadEmailField(show: Show, required: boolean, description?: string): INodeProperties {
	return {
		displayName: 'Lead Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required,
		displayOptions: { show },
		description: description ?? 'The lead\'s email address',
	};
}

export function leadIdField(show: Show): INodeProperties {
	return {
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'Kartra\'s lead ID. Give the ID or the email; when both are given Kartra uses the ID.',
	};
}

/** Kartra's documented values for `lead_preferred_time_zone`. */
export const TIME_ZONES = [
	'America/Los_Angeles', 'America/Boise', 'America/Chicago', 'America/New_York', 'Europe/London', 'Europe/Brussels',
	'Etc/GMT+12', 'Pacific/Midway', 'Pacific/Honolulu', 'America/Juneau', 'America/Chihuahua', 'America/Phoenix',
	'America/Regina', 'America/Mexico_City', 'America/Belize', 'America/Indiana/Indianapolis', 'America/Bogota',
	'America/Glace_Bay', 'America/Caracas', 'America/Santiago', 'America/St_Johns', 'America/Sao_Paulo',
	'America/Argentina/Buenos_Aires', 'America/Nuuk', 'Etc/GMT+2', 'Atlantic/Azores', 'Atlantic/Cape_Verde',
	'Africa/Casablanca', 'Atlantic/Canary', 'Europe/Belgrade', 'Europe/Sarajevo', 'Europe/Amsterdam', 'Africa/Algiers',
	'Europe/Bucharest', 'Africa/Cairo', 'Europe/Helsinki', 'Europe/Athens', 'Asia/Jerusalem', 'Africa/Harare',
	'Europe/Moscow', 'Asia/Kuwait', 'Africa/Nairobi', 'Asia/Baghdad', 'Asia/Tehran', 'Asia/Dubai', 'Asia/Baku',
	'Asia/Kabul', 'Asia/Yekaterinburg', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Dhaka', 'Asia/Colombo',
	'Asia/Almaty', 'Asia/Rangoon', 'Asia/Bangkok', 'Asia/Krasnoyarsk', 'Asia/Shanghai', 'Asia/Kuala_Lumpur',
	'Asia/Taipei', 'Australia/Perth', 'Asia/Irkutsk', 'Asia/Seoul', 'Asia/Tokyo', 'Asia/Yakutsk', 'Australia/Darwin',
	'Australia/Adelaide', 'Australia/Sydney', 'Australia/Brisbane', 'Australia/Hobart', 'Asia/Vladivostok',
	'Pacific/Guam', 'Asia/Magadan', 'Pacific/Fiji', 'Pacific/Auckland', 'Pacific/Tongatapu',
];

/** The lead profile fields Kartra's create_lead and edit_lead accept, besides email, with their display names. */
const PROFILE_FIELDS: Array<[string, string, string?]> = [
	['first_name', 'First Name'],
	['middle_name', 'Middle Name'],
	['last_name', 'Last Name'],
	['last_name2', 'Second Last Name'],
	['phone_country_code', 'Phone Country Code', 'e.g. +44'],
	['phone', 'Phone'],
	['company', 'Company'],
	['address', 'Address'],
	['city', 'City'],
	['state', 'State'],
	['zip', 'Zip'],
	['country', 'Country'],
	['ip', 'IP Address'],
	['lead_picture', 'Picture URL', 'URL of the lead\'s thumbnail image'],
	['website', 'Website'],
	['facebook', 'Facebook'],
	['twitter', 'Twitter'],
	['linkedin', 'LinkedIn'],
	['sales_tax_id', 'Sales Tax ID'],
];

export function profileFieldsCollection(show: Show): INodeProperties {
	return {
		displayName: 'Lead Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show },
		options: [
			...PROFILE_FIELDS.map(([name, displayName, description]) => ({
				displayName,
				name,
				type: 'string' as const,
				default: '',
				...(description ? { description } : {}),
			})),
			{
				displayName: 'Business Type',
				name: 'business_type',
				type: 'number',
				default: 0,
				description: 'Kartra\'s business type number',
			},
			{
				displayName: 'Preferred Time Zone',
				name: 'lead_preferred_time_zone',
				type: 'options',
				options: TIME_ZONES.map((zone) => ({ name: zone, value: zone })),
				default: 'America/New_York',
			},
		],
	};
}

export function customFieldsCollection(show: Show): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add custom field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'identifier',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCustomFields' },
						default: '',
						description:
							'The custom field\'s identifier. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'Text for text fields; for drop-downs and radio buttons the option (its label or ID); for checkboxes the options, comma-separated or as a list. Empty clears the field.',
					},
				],
			},
		],
	};
}

const LOAD_METHOD: Partial<Record<ActionField['kind'], string>> = {
	tag: 'getTags',
	list: 'getLists',
	sequence: 'getSequences',
};

/** The node parameter for one action field; `name` is what the parameter is called in the node. */
export function actionFieldProperty(field: ActionField, name: string, show?: Show): INodeProperties {
	const method = LOAD_METHOD[field.kind];
	let property: INodeProperties;
	if (method) {
		property = {
			displayName: field.displayName,
			name,
			type: 'options',
			typeOptions: { loadOptionsMethod: method },
			default: '',
			description:
				'Choose from the list, or specify a name using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. It must exist in your Kartra account.',
		};
	} else if (field.kind === 'points') {
		property = { displayName: field.displayName, name, type: 'number', default: 1, typeOptions: { minValue: 1 } };
	} else if (field.kind === 'days') {
		property = { displayName: field.displayName, name, type: 'number', default: 0, typeOptions: { minValue: 0 } };
	} else {
		property = { displayName: field.displayName, name, type: 'string', default: '' };
	}
	if (field.description && !method) property.description = field.description;
	if (field.placeholder) property.placeholder = field.placeholder;
	if (field.required) property.required = true;
	if (show) property.displayOptions = { show };
	return property;
}

/** "Also Do": actions chained into the same Kartra call after create/edit (one item = one call). */
export function alsoDoCollection(show: Show): INodeProperties {
	const fields = new Map<string, { field: ActionField; cmds: string[] }>();
	for (const spec of Object.values(LEAD_ACTIONS)) {
		for (const field of spec.fields) {
			const entry = fields.get(paramName(field)) ?? { field, cmds: [] };
			entry.cmds.push(spec.cmd);
			fields.set(paramName(field), entry);
		}
	}
	return {
		displayName: 'Also Do',
		name: 'alsoDo',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add action',
		default: {},
		description: 'Actions Kartra runs on the lead in the same call, in this order',
		displayOptions: { show },
		options: [
			{
				displayName: 'Action',
				name: 'action',
				values: [
					{
						displayName: 'Action',
						name: 'cmd',
						type: 'options',
						options: Object.values(LEAD_ACTIONS).map((spec) => ({ name: spec.label, value: spec.cmd })),
						default: 'assign_tag',
					},
					...[...fields.values()].map(({ field, cmds }) => actionFieldProperty(field, paramName(field), { cmd: cmds })),
				],
			},
		],
	};
}

/** The node's options: those an operation adds (`extra`), then how many calls run at once and how long to wait. */
export function kartraOptions(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection([
		...extra,
		concurrencyOption(DEFAULT_CONCURRENCY, 10, 'How many items are sent at the same time. Whatever the number, calls are spaced to stay under Kartra\'s 20 calls per second.'),
		timeoutOption('How long to wait for Kartra\'s answer. A call that changes a lead and gets no answer in time is reported as an error and not sent again.'),
	]);
}
