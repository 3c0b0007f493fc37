import { existsById } from '../accountRecords';

/** Transaction → Search: whether Kartra has the transaction (`search_transaction`; type 247 means it has not). */
export const searchTransaction = existsById({
	resource: 'transaction',
	cmd: 'search_transaction',
	idName: 'transactionId',
	idLabel: 'Transaction ID',
	idKey: 'transaction_id',
	missingType: '247',
	what: 'transaction',
});
