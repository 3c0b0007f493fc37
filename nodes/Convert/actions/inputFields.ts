import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { itemParameter, valueAt } from '../../shared/input';
import type { InputField } from './common.descriptions';
import {
	readSegments,
	readVisitorId,
	segmentsFromField,
	type VisitorSegments,
} from './visitorInput';

/** The visitor's ID, read from an item field (Values From: Input Fields) */
export const VISITOR_ID_FIELD: InputField = {
	key: 'visitorId',
	displayName: 'Visitor ID',
	default: 'visitorId',
	description: 'The item field holding the visitor ID (dots reach into objects, e.g. visitor.id)',
};

/** The visitor's segments, read from an item field (Values From: Input Fields) */
export const SEGMENTS_FIELD: InputField = {
	key: 'segments',
	displayName: 'Visitor Segments',
	default: 'segments',
	description:
		'The item field holding the segments as Convert takes them (browser, devices, source, campaign, visitorType, country, customSegments); absent: none',
};

/**
 * The values of one item when the operation's "Values From" is Input Fields: each read from the item's field named
 * once for the execution (no expression evaluated per item), with the label an error names it by. Undefined when
 * the values come from the parameters.
 */
export interface ItemFieldValues {
	value(key: string): unknown;
	label(key: string): string;
}

interface FieldNames {
	/** The item field of each value, by key */
	names: Map<string, string>;
	/** How errors name each value, by key */
	labels: Map<string, string>;
}

/** Field names by execution (n8n gives an operation's items one context object): read once, on the first item */
const namesByExecution = new WeakMap<object, FieldNames | null>();

function fieldNames(this: IExecuteFunctions, fields: InputField[]): FieldNames | null {
	let found = namesByExecution.get(this);
	if (found !== undefined) return found;
	found = null;
	if (this.getNodeParameter('valuesFrom', 0, 'parameters') === 'inputFields') {
		found = { names: new Map(), labels: new Map() };
		for (const field of fields) {
			const name = String(
				this.getNodeParameter(`${field.key}Field`, 0, field.default) ?? '',
			).trim();
			if (name === '') {
				throw new NodeOperationError(nodeOf(this), `${field.displayName} Field is empty`, {
					description:
						'Name the input field that holds this value, or choose Values From: Parameters.',
				});
			}
			found.names.set(field.key, name);
			found.labels.set(field.key, `${field.displayName} (input field "${name}")`);
		}
	}
	namesByExecution.set(this, found);
	return found;
}

export function itemFieldValues(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: InputField[],
): ItemFieldValues | undefined {
	const found = fieldNames.call(this, fields);
	if (!found) return undefined;
	const json: IDataObject | undefined = this.getInputData()[itemIndex]?.json;
	return {
		value: (key) => valueAt(json, found.names.get(key) ?? key),
		label: (key) => found.labels.get(key) ?? key,
	};
}

/** The visitor's ID and segments of one item: from the item's fields, or from the parameters. */
export function readVisitor(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: ItemFieldValues | undefined,
): { visitorId: string; segments: VisitorSegments } {
	const node = nodeOf(this);
	if (fields) {
		return {
			visitorId: readVisitorId(
				node,
				itemIndex,
				fields.value('visitorId'),
				fields.label('visitorId'),
			),
			segments: segmentsFromField(
				node,
				itemIndex,
				fields.value('segments'),
				fields.label('segments'),
			),
		};
	}
	return {
		visitorId: readVisitorId(node, itemIndex, itemParameter(this, 'visitorId', itemIndex, '')),
		segments: readSegments(
			node,
			itemIndex,
			itemParameter(this, 'segments', itemIndex, {}) as IDataObject,
		),
	};
}
