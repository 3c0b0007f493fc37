import type { IDataObject, INode } from 'n8n-workflow';

import { invalidInput, isBlank, kindOf, listOf, readText, requireScalar } from '../../shared/input';
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
export function readSegments(
	node: INode,
	itemIndex: number,
	raw: IDataObject,
	prefix = 'Visitor Segments',
): VisitorSegments {
	const segments: VisitorSegments = {};
	const browser = oneOf(
		node,
		itemIndex,
		`${prefix} › Browser`,
		raw.browser,
		BROWSERS.map(([v]) => v),
		(s) => s.toUpperCase(),
	);
	if (browser) segments.browser = browser;
	const devices = listOf(raw.devices).map((d) =>
		oneOf(
			node,
			itemIndex,
			`${prefix} › Devices`,
			d,
			DEVICES.map(([v]) => v),
			(s) => s.toUpperCase(),
		),
	);
	if (devices.length)
		segments.devices = [...new Set(devices.filter((d): d is string => d !== undefined))];
	const source = oneOf(node, itemIndex, `${prefix} › Source`, raw.source, SOURCES, (s) =>
		s.toLowerCase(),
	);
	if (source) segments.source = source;
	const campaign = readText(node, itemIndex, `${prefix} › Campaign`, raw.campaign);
	if (campaign) segments.campaign = campaign;
	const visitorType = oneOf(
		node,
		itemIndex,
		`${prefix} › Visitor Type`,
		raw.visitorType,
		['new', 'returning'],
		(s) => s.toLowerCase(),
	);
	if (visitorType) segments.visitorType = visitorType as 'new' | 'returning';
	const country = readText(node, itemIndex, `${prefix} › Country`, raw.country);
	if (country !== undefined) {
		if (!COUNTRIES.has(country.toUpperCase())) {
			throw invalidInput(
				node,
				itemIndex,
				`${prefix} › Country`,
				`must be a two-letter ISO country code such as GB or US; got "${country.slice(0, 40)}"`,
			);
		}
		segments.country = country.toUpperCase();
	}
	const custom = listOf(raw.customSegments).map((s) =>
		readText(node, itemIndex, `${prefix} › Custom Segments`, s, 64),
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
export function readVisitorId(
	node: INode,
	itemIndex: number,
	value: unknown,
	field = 'Visitor ID',
): string {
	if (isBlank(value)) throw invalidInput(node, itemIndex, field, 'is required');
	const text = requireScalar(node, itemIndex, field, value);
	if (text.length > 200)
		throw invalidInput(node, itemIndex, field, 'is longer than 200 characters');
	return text;
}

/** Segments an item holds in a field, as Convert takes them (Values From: Input Fields); absent: none. */
export function segmentsFromField(
	node: INode,
	itemIndex: number,
	value: unknown,
	label: string,
): VisitorSegments {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw invalidInput(
			node,
			itemIndex,
			label,
			`must hold an object (browser, devices, source, campaign, visitorType, country, customSegments); got ${kindOf(value)}`,
		);
	}
	return readSegments(node, itemIndex, value as IDataObject, label);
}
