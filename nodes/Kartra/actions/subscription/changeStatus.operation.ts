import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { idParameter, readKartraId, resultOf, showFor } from '../accountRecords';

const show = showFor('subscription', 'changeStatus');

type Change = 'pause' | 'unpause' | 'cancel';

/**
 * Subscription → Change Status (`modify_subscription_status`): pause, reactivate (Kartra's "unpause") or cancel.
 * Kartra refuses PayPal subscriptions (284) and cancelled or terminated ones (275). Never sent twice.
 */
export const changeSubscriptionStatus: Operation<KartraSession, { id: string; change: Change }> = {
	description: [
		idParameter(
			show,
			'subscriptionId',
			'Subscription ID',
			"Kartra's ID of the recurring subscription",
		),
		{
			displayName: 'Change To',
			name: 'statusChange',
			type: 'options',
			options: [
				{ name: 'Cancelled', value: 'cancel', description: 'Stop it for good' },
				{
					name: 'Paused',
					value: 'pause',
					description: 'No payment is taken until it is reactivated',
				},
				{
					name: 'Active (Reactivate)',
					value: 'unpause',
					description: 'Resume a paused subscription',
				},
			],
			default: 'pause',
			displayOptions: { show },
		},
	],
	prepare(_session, itemIndex) {
		const change = this.getNodeParameter('statusChange', itemIndex, 'pause') as Change;
		return { id: readKartraId.call(this, itemIndex, 'subscriptionId', 'Subscription ID'), change };
	},
	execute: oneByOne(async function (session, { id, change }, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{
				actions: [
					{
						cmd: 'modify_subscription_status',
						subscription_id: id,
						subscription_status_modification: change,
					},
				],
			},
			{ idempotent: false, itemIndex },
		);
		const result = resultOf(answer, 'modify_subscription_status');
		return [
			{
				subscription_id: id,
				change,
				status: { cancel: 'Cancelled', pause: 'Paused', unpause: 'Active' }[change],
				message: typeof result.message === 'string' ? result.message : 'Subscription modified',
			},
		];
	}),
};
