import { existsById } from '../accountRecords';

/**
 * Subscription → Search: whether Kartra has the subscription (`search_subscription`; type 248 means it has not). Its
 * parameter rests on the third-party description (api-evangelist/kartra) and on Search Transaction's.
 */
export const searchSubscription = existsById({
	resource: 'subscription',
	cmd: 'search_subscription',
	idName: 'subscriptionId',
	idLabel: 'Subscription ID',
	idKey: 'subscription_id',
	missingType: '248',
	what: 'subscription',
});
