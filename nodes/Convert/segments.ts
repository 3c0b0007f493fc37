import type { IDataObject, IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';

import { invalidInput, isBlank } from '../shared/validation';

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
const COUNTRIES = new Set(
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

/** A visitor's segments as Convert's tracking API takes them (`visitors[].segments`). */
export interface VisitorSegments {
	browser?: string;
	devices?: string[];
	source?: string;
	campaign?: string;
	visitorType?: 'new' | 'returning';
	country?: string;
	customSegments?: string[];
}

export function visitorIdParameter(show: NonNullable<IDisplayOptions['show']>, description: string, placeholder = '={{ $json.visitorId }}'): INodeProperties {
	return { displayName: 'Visitor ID', name: 'visitorId', type: 'string', required: true, default: '', displayOptions: { show }, placeholder, description };
}

export function segmentsParameter(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
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

/** A list given as an array, or as a comma-separated string (from an expression). */
export function listOf(value: unknown): unknown[] {
	if (isBlank(value)) return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
	return [value];
}

function textOf(node: INode, itemIndex: number, field: string, value: unknown, maxLength = 500): string | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw invalidInput(node, itemIndex, field, `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
	}
	const text = String(value).trim();
	if (text.length > maxLength) throw invalidInput(node, itemIndex, field, `is longer than ${maxLength} characters`);
	return text === '' ? undefined : text;
}

function oneOf(node: INode, itemIndex: number, field: string, value: unknown, allowed: string[], normalize = (s: string) => s): string | undefined {
	const text = textOf(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	const normalized = normalize(text);
	if (!allowed.includes(normalized)) {
		throw invalidInput(node, itemIndex, field, `must be one of ${allowed.join(', ')}; got "${text.slice(0, 40)}"`);
	}
	return normalized;
}

/** Checks the segments collection of one item and returns them as Convert takes them. */
export function readSegments(node: INode, itemIndex: number, raw: IDataObject): VisitorSegments {
	const segments: VisitorSegments = {};
	const browser = oneOf(node, itemIndex, 'Visitor Segments › Browser', raw.browser, BROWSERS.map(([v]) => v), (s) => s.toUpperCase());
	if (browser) segments.browser = browser;
	const devices = listOf(raw.devices).map((d) =>
		oneOf(node, itemIndex, 'Visitor Segments › Devices', d, DEVICES.map(([v]) => v), (s) => s.toUpperCase()),
	);
	if (devices.length) segments.devices = [...new Set(devices.filter((d): d is string => d !== undefined))];
	const source = oneOf(node, itemIndex, 'Visitor Segments › Source', raw.source, SOURCES, (s) => s.toLowerCase());
	if (source) segments.source = source;
	const campaign = textOf(node, itemIndex, 'Visitor Segments › Campaign', raw.campaign);
	if (campaign) segments.campaign = campaign;
	const visitorType = oneOf(node, itemIndex, 'Visitor Segments › Visitor Type', raw.visitorType, ['new', 'returning'], (s) => s.toLowerCase());
	if (visitorType) segments.visitorType = visitorType as 'new' | 'returning';
	const country = textOf(node, itemIndex, 'Visitor Segments › Country', raw.country);
	if (country !== undefined) {
		if (!COUNTRIES.has(country.toUpperCase())) {
			throw invalidInput(node, itemIndex, 'Visitor Segments › Country', `must be a two-letter ISO country code such as GB or US; got "${country.slice(0, 40)}"`);
		}
		segments.country = country.toUpperCase();
	}
	const custom = listOf(raw.customSegments).map((s) => textOf(node, itemIndex, 'Visitor Segments › Custom Segments', s, 64));
	if (custom.length) segments.customSegments = [...new Set(custom.filter((s): s is string => s !== undefined))];
	return segments;
}

/**
 * The visitor ID of one item (required, at most 200 characters), exactly as given: Convert's SDKs hash it as it
 * is, so trimming spaces (or a BOM, a no-break space) would put the visitor in another variation than the SDKs
 * do. Only an empty one is refused (white space alone counts as empty, as everywhere in the nodes).
 */
export function readVisitorId(node: INode, itemIndex: number, value: unknown): string {
	if (isBlank(value)) throw invalidInput(node, itemIndex, 'Visitor ID', 'is required');
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw invalidInput(node, itemIndex, 'Visitor ID', `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
	}
	const text = String(value);
	if (text.length > 200) throw invalidInput(node, itemIndex, 'Visitor ID', 'is longer than 200 characters');
	return text;
}

/** A number given as a number or numeric text; `undefined` when empty. */
export function readNumber(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	options: { integer?: boolean; min?: number } = {},
): number | undefined {
	if (isBlank(value)) return undefined;
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(n)) {
		const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : Array.isArray(value) ? 'a list' : typeof value;
		throw invalidInput(node, itemIndex, field, `must be a number; got ${shown}`);
	}
	if (options.integer && !Number.isInteger(n)) throw invalidInput(node, itemIndex, field, `must be a whole number; got ${n}`);
	if (options.min !== undefined && n < options.min) throw invalidInput(node, itemIndex, field, `must be at least ${options.min}; got ${n}`);
	return n;
}
