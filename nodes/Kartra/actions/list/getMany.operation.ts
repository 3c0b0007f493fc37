import { accountNames } from '../accountRecords';

/** List → Get Many: the account's lists, one item each (`retrieve_account_lists`). */
export const getLists = accountNames({
	resource: 'list',
	cmd: 'retrieve_account_lists',
	key: 'account_lists',
	field: 'list_name',
});
