import type { IDataObject } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, isBlank, readNumber } from '../../../shared/input';
import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { idParameter, readKartraId, resultOf, showFor } from '../accountRecords';

const show = showFor('transaction', 'refund');

/**
 * Transaction → Refund (`refund_transaction`): the whole amount, or part of it. Never sent twice: a refund whose
 * answer is lost is reported, not repeated (Kartra answers a second one with type 251, already refunded).
 */
export const refundTransaction: Operation<KartraSession, { id: string; amount?: number }> = {
	description: [
		idParameter(
			show,
			'transactionId',
			'Transaction ID',
			"Kartra's ID of the sale or rebill to refund",
		),
		{
			displayName: 'Refund Amount',
			name: 'refundAmount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			displayOptions: { show },
			description:
				"How much to refund, in the transaction's currency; 0 refunds the whole amount (within the refund period)",
		},
	],
	prepare(_session, itemIndex) {
		const id = readKartraId.call(this, itemIndex, 'transactionId', 'Transaction ID');
		const raw = this.getNodeParameter('refundAmount', itemIndex, 0);
		if (isBlank(raw) || raw === 0) return { id };
		const amount = readNumber(nodeOf(this), itemIndex, 'Refund Amount', raw, {
			min: 0,
		}) as number;
		if (Math.abs(amount * 100 - Math.round(amount * 100)) > 1e-6)
			throw invalidInput(nodeOf(this), itemIndex, 'Refund Amount', 'has more than two decimals');
		return { id, amount };
	},
	execute: oneByOne(async function (session, { id, amount }, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{
				actions: [
					{
						cmd: 'refund_transaction',
						transaction_id: id,
						...(amount !== undefined ? { refund_amount: amount.toFixed(2) } : {}),
					},
				],
			},
			{ idempotent: false, itemIndex },
		);
		const result = resultOf(answer, 'refund_transaction');
		const refunded: IDataObject = {
			transaction_id: id,
			refunded: true,
			transaction_refunded: result.transaction_refunded ?? id,
			...(amount !== undefined ? { refund_amount: amount } : { refund_amount: 'full' }),
		};
		return [refunded];
	}),
};
