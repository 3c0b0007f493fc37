import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { invalidInput, isBlank, requireScalar } from '../../../shared/input';
import type { PhpFormValue } from '../../../../credentials/common/phpForm';
import type { KartraCustomField } from '../../transport';
import type { Show } from '../common.descriptions';

/** A lead's profile fields and custom fields (Create, Update, Create or Update): their parameters and their readers. */

/** Kartra's documented values for `lead_preferred_time_zone`. */
export const TIME_ZONES = (
	'America/Los_Angeles America/Boise America/Chicago America/New_York Europe/London ' +
	'Europe/Brussels Etc/GMT+12 Pacific/Midway Pacific/Honolulu America/Juneau ' +
	'America/Chihuahua America/Phoenix America/Regina America/Mexico_City America/Belize ' +
	'America/Indiana/Indianapolis America/Bogota America/Glace_Bay America/Caracas ' +
	'America/Santiago America/St_Johns America/Sao_Paulo America/Argentina/Buenos_Aires ' +
	'America/Nuuk Etc/GMT+2 Atlantic/Azores Atlantic/Cape_Verde Africa/Casablanca ' +
	'Atlantic/Canary Europe/Belgrade Europe/Sarajevo Europe/Amsterdam Africa/Algiers ' +
	'Europe/Bucharest Africa/Cairo Europe/Helsinki Europe/Athens Asia/Jerusalem Africa/Harare ' +
	'Europe/Moscow Asia/Kuwait Africa/Nairobi Asia/Baghdad Asia/Tehran Asia/Dubai Asia/Baku ' +
	'Asia/Kabul Asia/Yekaterinburg Asia/Karachi Asia/Kolkata Asia/Kathmandu Asia/Dhaka ' +
	'Asia/Colombo Asia/Almaty Asia/Rangoon Asia/Bangkok Asia/Krasnoyarsk Asia/Shanghai ' +
	'Asia/Kuala_Lumpur Asia/Taipei Australia/Perth Asia/Irkutsk Asia/Seoul Asia/Tokyo ' +
	'Asia/Yakutsk Australia/Darwin Australia/Adelaide Australia/Sydney Australia/Brisbane ' +
	'Australia/Hobart Asia/Vladivostok Pacific/Guam Asia/Magadan Pacific/Fiji Pacific/Auckland ' +
	'Pacific/Tongatapu'
).split(' ');

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
	['lead_picture', 'Picture URL', "URL of the lead's thumbnail image"],
	['website', 'Website'],
	['facebook', 'Facebook'],
	['twitter', 'Twitter'],
	['linkedin', 'LinkedIn'],
	['sales_tax_id', 'Sales Tax ID'],
];

/** Kartra's names of the profile fields (what Map Automatically looks for in an item) */
export const PROFILE_FIELD_NAMES = [
	...PROFILE_FIELDS.map(([name]) => name),
	'business_type',
	'lead_preferred_time_zone',
];

/** Set Below (the collections) or Map Automatically (the item's fields by Kartra's names) */
export function fieldsFromParameter(show: Show): INodeProperties {
	return {
		displayName: 'Lead Fields From',
		name: 'fieldsFrom',
		type: 'options',
		options: [
			{
				name: 'Set Below',
				value: 'setBelow',
				description: 'Lead Fields and Custom Fields as set in this node',
			},
			{
				name: 'Map Automatically',
				value: 'autoMap',
				description:
					"The item's fields named as Kartra names them (first_name, phone, company, …) and those named as a custom field's identifier; other fields are left out",
			},
		],
		default: 'setBelow',
		displayOptions: { show },
	};
}

export function profileFieldsCollection(show: Show): INodeProperties {
	return {
		displayName: 'Lead Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show: { ...show, fieldsFrom: ['setBelow'] } },
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
				description: "Kartra's business type number",
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
		displayOptions: { show: { ...show, fieldsFrom: ['setBelow'] } },
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

/** Reads the Lead Fields collection (or an item's fields of those names) into Kartra's `lead[...]` keys, checking each value. */
export function readProfileFields(
	node: INode,
	itemIndex: number,
	fields: IDataObject,
	labelOf = (name: string) => `lead field "${name}"`,
): Record<string, PhpFormValue> {
	const lead: Record<string, PhpFormValue> = {};
	for (const [name, value] of Object.entries(fields)) {
		if (isBlank(value)) continue;
		const label = labelOf(name);
		if (name === 'lead_preferred_time_zone') {
			if (typeof value !== 'string' || !TIME_ZONES.includes(value)) {
				throw invalidInput(
					node,
					itemIndex,
					label,
					`must be one of Kartra's time zones (e.g. America/New_York), got "${String(value).slice(0, 60)}"`,
				);
			}
		} else if (name === 'business_type') {
			if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
				throw invalidInput(node, itemIndex, label, 'must be a whole number');
			if (value === 0) continue;
		}
		lead[name] = requireScalar(node, itemIndex, label, value);
	}
	return lead;
}

function matchOption(field: KartraCustomField, given: string): string | undefined {
	const byId = field.options.find((o) => o.option_id === given);
	if (byId) return byId.option_id;
	const byLabel = field.options.find((o) => o.option_value.toLowerCase() === given.toLowerCase());
	return byLabel?.option_id;
}

/**
 * Shapes custom field values by the field's type, as Kartra expects them: text for input_field and
 * text_area, the option ID for drop_down and radio_button, a list of option IDs for checkbox. Options may be
 * given by label or ID. An empty value clears the field.
 */
export function shapeCustomFields(
	node: INode,
	itemIndex: number,
	entries: Array<{ identifier?: unknown; value?: unknown }>,
	definitions: KartraCustomField[],
): PhpFormValue[] {
	return entries.map(({ identifier, value }) => {
		const id = String(identifier ?? '').trim();
		if (id === '') throw invalidInput(node, itemIndex, 'a custom field', 'has no field chosen');
		const field = definitions.find((d) => d.field_identifier === id);
		const label = `custom field "${id}"`;
		if (!field)
			throw invalidInput(
				node,
				itemIndex,
				label,
				'does not exist in this Kartra account',
				'Create it in Kartra first, or choose one from the list.',
			);
		const empty = isBlank(value) || (Array.isArray(value) && value.length === 0);
		if (empty) return { field_identifier: id, field_value: '' };
		if (field.field_type === 'input_field' || field.field_type === 'text_area') {
			return { field_identifier: id, field_value: requireScalar(node, itemIndex, label, value) };
		}
		const givenList = Array.isArray(value)
			? value.map((v) => String(v).trim())
			: typeof value === 'string' || typeof value === 'number'
				? String(value)
						.split(',')
						.map((v) => v.trim())
						.filter((v) => v !== '')
				: undefined;
		if (!givenList)
			throw invalidInput(
				node,
				itemIndex,
				label,
				`must be an option's label or ID, not ${typeof value}`,
			);
		const ids = givenList.map((given) => {
			const option = matchOption(field, given);
			if (option === undefined) {
				throw invalidInput(
					node,
					itemIndex,
					label,
					`has no option "${given.slice(0, 60)}"`,
					`Its options: ${field.options.map((o) => `${o.option_value} (${o.option_id})`).join(', ')}`,
				);
			}
			return option;
		});
		if (field.field_type === 'checkbox') return { field_identifier: id, field_value: ids };
		if (ids.length !== 1)
			throw invalidInput(node, itemIndex, label, `takes one option, got ${ids.length}`);
		return { field_identifier: id, field_value: ids[0] };
	});
}
