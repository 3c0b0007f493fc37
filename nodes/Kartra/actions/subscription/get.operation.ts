import { getById } from '../accountRecords';

/** Subscription → Get: a recurring subscription's details (`get_subscription_details`). */
export const getSubscription = getById({
	resource: 'subscription',
	cmd: 'get_subscription_details',
	idName: 'subscriptionId',
	idLabel: 'Subscription ID',
	idKey: 'subscription_id',
	recordKey: 'subscription_details',
	what: 'subscription',
});
