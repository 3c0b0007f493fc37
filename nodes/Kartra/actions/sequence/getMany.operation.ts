import { accountNames } from '../accountRecords';

/** Sequence → Get Many: the account's sequences, one item each (`retrieve_account_sequences`). */
export const getSequences = accountNames({
	resource: 'sequence',
	cmd: 'retrieve_account_sequences',
	key: 'account_sequences',
	field: 'sequence_name',
});
