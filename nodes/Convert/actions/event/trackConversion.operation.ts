import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isVersion, nodeOf } from '../../../shared/context';
import { deliveryKeyOf, stableText } from '../../../shared/deliverySettings';
import {
	invalidInput,
	itemParameter,
	isBlank,
	kindOf,
	readNumber,
	requireId,
	requireScalar,
	valueAt,
} from '../../../shared/input';
import type { Operation } from '../../../shared/operation';
import type { ConvertSession } from '../../transport';
import { description, INPUT_FIELDS } from './trackConversion.description';
import { itemFieldValues, readVisitor } from '../inputFields';
import { requireKnownIds } from '../knownIds';
import { type PreparedTracking, trackInBatches } from './tracking';

const GOAL_DATA_FIELDS: Record<string, string> = {
	amount: 'Revenue Amount',
	productsCount: 'Products Count',
	transactionId: 'Transaction ID',
	customDimension1: 'Custom Dimension 1',
	customDimension2: 'Custom Dimension 2',
	customDimension3: 'Custom Dimension 3',
	customDimension4: 'Custom Dimension 4',
	customDimension5: 'Custom Dimension 5',
};

function bucketingFromPairs(this: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const node = nodeOf(this);
	const pairs = ((itemParameter(this, 'bucketingData', itemIndex, {}) as IDataObject).experience ??
		[]) as IDataObject[];
	const bucketingData: Record<string, string> = {};
	pairs.forEach((pair, i) => {
		const experienceId = requireId(
			node,
			itemIndex,
			`Bucketing Data ${i + 1} › Experience`,
			pair.experienceId,
		);
		bucketingData[experienceId] = requireId(
			node,
			itemIndex,
			`Bucketing Data ${i + 1} › Variation ID`,
			pair.variationId,
		);
	});
	return bucketingData;
}

/** The bucketing data an earlier node left in a field of the item (Visitor → Bucket's `bucketingData`). */
function bucketingFromField(this: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const node = nodeOf(this);
	const path = String(itemParameter(this, 'bucketingDataField', itemIndex, '')).trim();
	if (path === '') throw invalidInput(node, itemIndex, 'Input Field', 'is empty');
	const value = valueAt(this.getInputData()[itemIndex]?.json, path);
	if (value === undefined || value === null) return {};
	const field = `Input Field "${path}"`;
	if (typeof value !== 'object' || Array.isArray(value))
		throw invalidInput(
			node,
			itemIndex,
			field,
			`must hold an object of experience IDs to variation IDs; got ${kindOf(value)}`,
		);
	const bucketingData: Record<string, string> = {};
	for (const [experienceId, variationId] of Object.entries(value as IDataObject)) {
		const experience = requireId(node, itemIndex, `${field} › experience`, experienceId);
		bucketingData[experience] = requireId(node, itemIndex, `${field} › ${experience}`, variationId);
	}
	return bucketingData;
}

interface PreparedConversion extends PreparedTracking {
	/** What Skip Already Delivered counts once (the operation's default delivery key) */
	key: string;
}

/**
 * What counts once, as Convert's SDKs count conversions: a visitor's goal (its first conversion); with Force Multiple
 * Transactions and goal data, each transaction, told apart by its Transaction ID or else its goal data. Before
 * version 1.3 a goal counted once per visitor and Transaction ID.
 */
function conversionKey(
	this: IExecuteFunctions,
	session: ConvertSession,
	visitorId: string,
	goalId: string,
	goalData: Array<{ key: string; value: string | number }>,
): string {
	const transactionId = goalData.find((g) => g.key === 'transactionId')?.value;
	if (session.options.forceMultipleTransactions && goalData.length > 0)
		return deliveryKeyOf(
			'convert',
			'transaction',
			visitorId,
			goalId,
			transactionId === undefined ? stableText(goalData) : String(transactionId),
		);
	if (isVersion(this, 1.3)) return deliveryKeyOf('convert', 'conversion', visitorId, goalId);
	return deliveryKeyOf('convert', 'conversion', visitorId, goalId, String(transactionId ?? ''));
}

async function prepareConversion(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
): Promise<PreparedConversion> {
	const node = nodeOf(this);
	const fields = itemFieldValues.call(this, itemIndex, INPUT_FIELDS);
	const { visitorId, segments } = readVisitor.call(this, itemIndex, fields);
	const goalField = fields ? fields.label('goalId') : 'Goal';
	const goalId = requireId(
		node,
		itemIndex,
		goalField,
		fields ? fields.value('goalId') : itemParameter(this, 'goalId', itemIndex, ''),
	);
	const raw = fields
		? {
				amount: fields.value('amount'),
				productsCount: fields.value('productsCount'),
				transactionId: fields.value('transactionId'),
			}
		: (itemParameter(this, 'goalData', itemIndex, {}) as IDataObject);
	const goalData: Array<{ key: string; value: string | number }> = [];
	for (const [key, name] of Object.entries(GOAL_DATA_FIELDS)) {
		const value = raw[key as keyof typeof raw];
		if (isBlank(value)) continue;
		const label = fields ? fields.label(key) : `Goal Data › ${name}`;
		if (key === 'amount') {
			goalData.push({
				key,
				value: readNumber(node, itemIndex, label, value, { min: 0 }) as number,
			});
		} else if (key === 'productsCount') {
			goalData.push({
				key,
				value: readNumber(node, itemIndex, label, value, { integer: true, min: 0 }) as number,
			});
		} else {
			const text = requireScalar(node, itemIndex, label, value);
			if (text.length > 200)
				throw invalidInput(node, itemIndex, label, 'is longer than 200 characters');
			goalData.push({ key, value: text });
		}
	}
	const bucketingData =
		itemParameter(this, 'bucketingDataInput', itemIndex, 'fields') === 'field'
			? bucketingFromField.call(this, itemIndex)
			: bucketingFromPairs.call(this, itemIndex);
	await requireKnownIds.call(this, session, itemIndex, {
		goal: { id: goalId, field: goalField },
		bucketing: Object.entries(bucketingData).map(([experienceId, variationId]) => ({
			experienceId,
			variationId,
			field: 'Bucketing Data',
		})),
	});
	const data: IDataObject = { goalId };
	if (goalData.length) data.goalData = goalData;
	if (Object.keys(bucketingData).length) data.bucketingData = bucketingData;
	return {
		key: conversionKey.call(this, session, visitorId, goalId, goalData),
		entry: { visitorId, segments, events: [{ eventType: 'conversion', data }] },
		summary: {
			visitorId,
			eventType: 'conversion',
			goalId,
			...(goalData.length
				? { goalData: Object.fromEntries(goalData.map(({ key, value }) => [key, value])) }
				: {}),
			...(Object.keys(bucketingData).length ? { bucketingData } : {}),
			...(Object.keys(segments).length ? { segments: segments as IDataObject } : {}),
		},
	};
}

export const trackConversion: Operation<ConvertSession, PreparedConversion> = {
	description,
	async prepare(session, itemIndex) {
		return await prepareConversion.call(this, session, itemIndex);
	},
	// a conversion sent twice may be counted twice: repeated after an unclear failure only when asked
	...trackInBatches((session) => session.options.retryServerErrors),
	deliveryKey: ({ key }) => key,
};
