import type { IDataObject, INode } from 'n8n-workflow';

import { invalidInput, isBlank, listOf, readText, requireScalar } from '../../shared/input';
import { BROWSERS, COUNTRIES, DEVICES, SOURCES } from './common.descriptions';

/** Readers of a visitor's ID and segments: each checks what an item gave and names the item and the field. */

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

function oneOf(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: string[],
	normalize = (s: string) => s,
): string | undefined {
	const text = readText(node, itemIndex, field, value);
	if (text === undefined) return undefined;
	const normalized = normalize(text);
	if (!allowed.includes(normalized)) {
		throw invalidInput(
			node,
			itemIndex,
			field,
			`must be one of ${allowed.join(', ')}; got "${text.slice(0, 40)}"`,
		);
	}
	return normalized;
}

/** Checks the segments collection of one item and returns them as Convert takes them. */
export function readSegments(node: INode, itemIndex: number, raw: IDataObject): VisitorSegments {
	const segments: VisitorSegments = {};
	const browser = oneOf(
		node,
		itemIndex,
		'Visitor Segments › Browser',
		raw.browser,
		BROWSERS.map(([v]) => v),
		(s) => s.toUpperCase(),
	);
	if (browser) segments.browser = browser;
	const devices = listOf(raw.devices).map((d) =>
		oneOf(
			node,
			itemIndex,
			'Visitor Segments › Devices',
			d,
			DEVICES.map(([v]) => v),
			(s) => s.toUpperCase(),
		),
	);
	if (devices.length)
		segments.devices = [...new Set(devices.filter((d): d is string => d !== undefined))];
	const source = oneOf(node, itemIndex, 'Visitor Segments › Source', raw.source, SOURCES, (s) =>
		s.toLowerCase(),
	);
	if (source) segments.source = source;
	const campaign = readText(node, itemIndex, 'Visitor Segments › Campaign', raw.campaign);
	if (campaign) segments.campaign = campaign;
	const visitorType = oneOf(
		node,
		itemIndex,
		'Visitor Segments › Visitor Type',
		raw.visitorType,
		['new', 'returning'],
		(s) => s.toLowerCase(),
	);
	if (visitorType) segments.visitorType = visitorType as 'new' | 'returning';
	const country = readText(node, itemIndex, 'Visitor Segments › Country', raw.country);
	if (country !== undefined) {
		if (!COUNTRIES.has(country.toUpperCase())) {
			throw invalidInput(
				node,
				itemIndex,
				'Visitor Segments › Country',
				`must be a two-letter ISO country code such as GB or US; got "${country.slice(0, 40)}"`,
			);
		}
		segments.country = country.toUpperCase();
	}
	const custom = listOf(raw.customSegments).map((s) =>
		readText(node, itemIndex, 'Visitor Segments › Custom Segments', s, 64),
	);
	if (custom.length)
		segments.customSegments = [...new Set(custom.filter((s): s is string => s !== undefined))];
	return segments;
}

/**
 * The visitor ID of one item (required, at most 200 characters), exactly as given: Convert's SDKs hash it as it
 * is, so trimming spaces (or a BOM, a no-break space) would put the visitor in another variation than the SDKs
 * do. Only an empty one is refused (white space alone counts as empty, as everywhere in the nodes).
 */
export function readVisitorId(node: INode, itemIndex: number, value: unknown): string {
	if (isBlank(value)) throw invalidInput(node, itemIndex, 'Visitor ID', 'is required');
	const text = requireScalar(node, itemIndex, 'Visitor ID', value);
	if (text.length > 200)
		throw invalidInput(node, itemIndex, 'Visitor ID', 'is longer than 200 characters');
	return text;
}
