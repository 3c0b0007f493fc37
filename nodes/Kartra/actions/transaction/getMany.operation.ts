import { leadRecords } from '../accountRecords';

/** Transaction → Get Many: a lead's transactions, one item each (`retrieve_transactions_from_lead`). */
export const getLeadTransactions = leadRecords({
	resource: 'transaction',
	cmd: 'retrieve_transactions_from_lead',
	listKey: 'transaction_list',
	what: 'transactions',
});
