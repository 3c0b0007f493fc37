import { getById } from '../accountRecords';

/** Transaction → Get: a transaction's details (`get_transaction_details`). */
export const getTransaction = getById({
	resource: 'transaction',
	cmd: 'get_transaction_details',
	idName: 'transactionId',
	idLabel: 'Transaction ID',
	idKey: 'transaction_id',
	recordKey: 'transaction_details',
	what: 'transaction',
});
