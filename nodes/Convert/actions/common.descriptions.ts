import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The parameters the Convert operations share: which resource and operation shows them, the visitor, its segments. */

export type Show = NonNullable<IDisplayOptions['show']>;

/** displayOptions for one operation of one resource */
export function showFor(resource: string, operation: string | string[]): { show: Show } {
	return {
		show: { resource: [resource], operation: Array.isArray(operation) ? operation : [operation] },
	};
}

export const BROWSERS: Array<[string, string]> = [
	['CH', 'Chrome'],
	['FF', 'Firefox'],
	['IE', 'Internet Explorer / Edge'],
	['OP', 'Opera'],
	['SF', 'Safari'],
	['OTH', 'Other'],
];

export const DEVICES: Array<[string, string]> = [
	['DESK', 'Desktop'],
	['ALLPH', 'All Phones'],
	['IPH', 'iPhone'],
	['OTHPH', 'Other Phone'],
	['ALLTAB', 'All Tablets'],
	['IPAD', 'iPad'],
	['OTHTAB', 'Other Tablet'],
	['OTHDEV', 'Other Device'],
];

export const SOURCES = ['direct', 'referral', 'search', 'campaign'];

/** ISO 3166-1 alpha-2 */
export const COUNTRIES = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD ' +
		'CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF ' +
		'GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
		'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
		'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
		'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
		'VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

export function visitorIdParameter(
	show: Show,
	description: string,
	placeholder = '={{ $json.visitorId }}',
): INodeProperties {
	return {
		displayName: 'Visitor ID',
		name: 'visitorId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		placeholder,
		description,
	};
}

export function segmentsParameter(show: Show): INodeProperties {
	return {
		displayName: 'Visitor Segments',
		name: 'segments',
		type: 'collection',
		placeholder: 'Add Segment',
		default: {},
		displayOptions: { show },
		description: 'What Convert reports segment the visitor by',
		options: [
			{
				displayName: 'Browser',
				name: 'browser',
				type: 'options',
				options: BROWSERS.map(([value, name]) => ({ name, value })),
				default: 'CH',
			},
			{
				displayName: 'Campaign',
				name: 'campaign',
				type: 'string',
				default: '',
				description: 'A custom campaign name',
			},
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'GB',
				description: 'Two-letter ISO 3166-1 country code',
			},
			{
				displayName: 'Custom Segment Names or IDs',
				name: 'customSegments',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSegments' },
				default: [],
				description:
					'Custom segments of the project the visitor belongs to. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Devices',
				name: 'devices',
				type: 'multiOptions',
				options: DEVICES.map(([value, name]) => ({ name, value })),
				default: [],
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				options: SOURCES.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
				default: 'direct',
			},
			{
				displayName: 'Visitor Type',
				name: 'visitorType',
				type: 'options',
				options: [
					{ name: 'New', value: 'new' },
					{ name: 'Returning', value: 'returning' },
				],
				default: 'new',
			},
		],
	};
}

/** One value an operation can read from a named field of each item instead of a parameter. */
export interface InputField {
	/** The value's key in the operation (and its parameter's name with "Field" appended) */
	key: string;
	displayName: string;
	/** The field name suggested */
	default: string;
	description: string;
}

/**
 * "Values From": Parameters (one expression per field, evaluated by n8n for every item) or Input Fields (the field
 * names given once for all items and read straight from each item: no expression evaluated). The parameters that
 * Input Fields replaces show with `parametersOnly`.
 */
export function valuesFromParameters(show: Show, fields: InputField[]): INodeProperties[] {
	return [
		{
			displayName: 'Values From',
			name: 'valuesFrom',
			type: 'options',
			options: [
				{
					name: 'Parameters',
					value: 'parameters',
					description: 'Each value set below, with an expression where it comes from the item',
				},
				{
					name: 'Input Fields',
					value: 'inputFields',
					description:
						'Each value read from a field of the item, named once for all items (faster: no expression per item)',
				},
			],
			default: 'parameters',
			displayOptions: { show },
		},
		// built from each field's suggested name (n8n's lint, which reads only literal defaults, sees none here)
		...fields.map((field): INodeProperties => {
			const names = { displayName: `${field.displayName} Field`, name: `${field.key}Field` };
			return {
				...names,
				type: 'string',
				default: field.default,
				displayOptions: { show: { ...show, valuesFrom: ['inputFields'] } },
				description: field.description,
			};
		}),
	];
}

/** displayOptions for a parameter that Input Fields replaces */
export function parametersOnly(show: Show): Show {
	return { ...show, valuesFrom: ['parameters'] };
}
