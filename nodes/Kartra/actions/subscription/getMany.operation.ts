import { leadRecords } from '../accountRecords';

/** Subscription → Get Many: a lead's recurring subscriptions, one item each (`retrieve_subscriptions_from_lead`). */
export const getLeadSubscriptions = leadRecords({
	resource: 'subscription',
	cmd: 'retrieve_subscriptions_from_lead',
	listKey: 'subscriptions_list',
	what: 'subscriptions',
});
