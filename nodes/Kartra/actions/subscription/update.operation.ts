import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, isBlank, readNumber, requireId, requireScalar } from '../../../shared/input';
import { oneByOne, type Operation } from '../../../shared/operation';
import { isoEastern } from '../../easternTime';
import { type KartraSession, kartraRequest } from '../../transport';
import { idParameter, readKartraId, resultOf, showFor } from '../accountRecords';

const show = showFor('subscription', 'update');

const PERIODS = [
	'monthly',
	'every 2 months',
	'quarterly',
	'yearly',
	'every 2 years',
	'weekly',
	'every 2 weeks',
];

/** Kartra's next payment date: `yyyy-mm-dd hh:mm`, US Eastern. An ISO time with an offset (or Z) is converted. */
function easternMinute(this: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const text = requireScalar(nodeOf(this), itemIndex, 'Next Payment Date', value).trim();
	if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(text)) return text;
	const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : NaN;
	if (Number.isNaN(zoned))
		throw invalidInput(
			nodeOf(this),
			itemIndex,
			'Next Payment Date',
			`must be "yyyy-mm-dd hh:mm" (US Eastern) or an ISO 8601 time with its offset; got "${text.slice(0, 40)}"`,
		);
	return isoEastern(zoned).slice(0, 16).replace('T', ' ');
}

/**
 * Subscription → Update (`edit_subscription`): product and price point, next payment date, amount, recurrence,
 * quantity, installments left, tax. At least one is needed; Kartra refuses PayPal subscriptions and cancelled or
 * terminated ones. Never sent twice.
 */
export const updateSubscription: Operation<KartraSession, { id: string; changes: IDataObject }> = {
	description: [
		idParameter(
			show,
			'subscriptionId',
			'Subscription ID',
			"Kartra's ID of the recurring subscription",
		),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show },
			options: [
				{
					displayName: 'Amount',
					name: 'amount',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 9999.99, numberPrecision: 2 },
					default: 1,
					description: 'The price of each payment (1.00 to 9,999.99)',
				},
				{
					displayName: 'Installments Left',
					name: 'installmentsLeft',
					type: 'string',
					default: '',
					placeholder: '3 or until cancelled',
					description: 'A number, or "until cancelled"',
				},
				{
					displayName: 'Next Payment Date',
					name: 'nextPaymentDate',
					type: 'string',
					default: '',
					placeholder: '2026-12-24 10:00',
					description:
						'"yyyy-mm-dd hh:mm" in US Eastern time, or an ISO 8601 time with its offset (converted)',
				},
				{
					displayName: 'Price Point',
					name: 'pricePoint',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'With Product ID: the price point number of the new product',
				},
				{
					displayName: 'Product ID',
					name: 'productId',
					type: 'string',
					default: '',
					description: 'Move the subscription to another product (give its Price Point too)',
				},
				{
					displayName: 'Quantity',
					name: 'quantity',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 9999 },
					default: 1,
					description: 'Product units (1 to 9,999)',
				},
				{
					displayName: 'Recurring Period',
					name: 'recurringPeriod1',
					type: 'options',
					options: PERIODS.map((p) => ({ name: p[0].toUpperCase() + p.slice(1), value: p })),
					default: 'monthly',
					description:
						"How often it bills (for 'Recurring installments' price points, the installments' period)",
				},
				{
					displayName: 'Recurring Period After Installments',
					name: 'recurringPeriod2',
					type: 'options',
					options: [
						{ name: 'Yearly', value: 'yearly' },
						{ name: 'Every 2 Years', value: 'every 2 years' },
					],
					default: 'yearly',
					description:
						"For 'Recurring installments' price points only: the period once the installments are paid",
				},
				{
					displayName: 'Tax Percent',
					name: 'taxPercent',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 100 },
					default: 0,
					description: 'Sales tax or VAT, 0 to 100',
				},
			],
		},
	],
	prepare(_session, itemIndex) {
		const node = nodeOf(this);
		const id = readKartraId.call(this, itemIndex, 'subscriptionId', 'Subscription ID');
		const raw = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const changes: IDataObject = {};
		const field = (name: string) => `Update Fields › ${name}`;
		if (!isBlank(raw.productId) || raw.pricePoint !== undefined) {
			if (isBlank(raw.productId) || raw.pricePoint === undefined)
				throw invalidInput(
					node,
					itemIndex,
					field('Product ID'),
					'and Price Point go together: give both',
				);
			changes.subscription_product_id = requireId(
				node,
				itemIndex,
				field('Product ID'),
				raw.productId,
			);
			changes.subscription_price_point = readNumber(
				node,
				itemIndex,
				field('Price Point'),
				raw.pricePoint,
				{ integer: true, min: 1 },
			);
		}
		if (!isBlank(raw.nextPaymentDate))
			changes.subscription_next_payment_date = easternMinute.call(
				this,
				itemIndex,
				raw.nextPaymentDate,
			);
		if (raw.amount !== undefined) {
			const amount = readNumber(node, itemIndex, field('Amount'), raw.amount, { min: 1 }) as number;
			if (amount > 9999.99)
				throw invalidInput(node, itemIndex, field('Amount'), 'must be at most 9,999.99');
			changes.subscription_amount = amount.toFixed(2);
		}
		if (raw.recurringPeriod1 !== undefined || raw.recurringPeriod2 !== undefined) {
			changes.subscription_recurrence = {
				...(raw.recurringPeriod1 !== undefined
					? { recurring_period_1: String(raw.recurringPeriod1) }
					: {}),
				...(raw.recurringPeriod2 !== undefined
					? { recurring_period_2: String(raw.recurringPeriod2) }
					: {}),
			};
		}
		if (raw.quantity !== undefined)
			changes.subscription_product_quantity = readNumber(
				node,
				itemIndex,
				field('Quantity'),
				raw.quantity,
				{ integer: true, min: 1 },
			);
		if (!isBlank(raw.installmentsLeft)) {
			const text = String(
				requireScalar(node, itemIndex, field('Installments Left'), raw.installmentsLeft),
			)
				.trim()
				.toLowerCase();
			if (text !== 'until cancelled' && !/^\d+$/.test(text))
				throw invalidInput(
					node,
					itemIndex,
					field('Installments Left'),
					'must be a whole number or "until cancelled"',
				);
			changes.subscription_installments_left = text;
		}
		if (raw.taxPercent !== undefined) {
			const tax = readNumber(node, itemIndex, field('Tax Percent'), raw.taxPercent, {
				min: 0,
			}) as number;
			if (tax > 100)
				throw invalidInput(node, itemIndex, field('Tax Percent'), 'must be between 0 and 100');
			changes.subscription_tax_percent = String(tax);
		}
		if (Object.keys(changes).length === 0)
			throw invalidInput(node, itemIndex, 'Update Fields', 'needs at least one field to change');
		return { id, changes };
	},
	execute: oneByOne(async function (session, { id, changes }, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{
				actions: [
					{ cmd: 'edit_subscription', subscription_id: id, ...(changes as Record<string, string>) },
				],
			},
			{ idempotent: false, itemIndex },
		);
		const result = resultOf(answer, 'edit_subscription');
		return [
			{
				subscription_id: id,
				updated: Object.keys(changes),
				message: typeof result.message === 'string' ? result.message : 'Subscription modified',
			},
		];
	}),
};
