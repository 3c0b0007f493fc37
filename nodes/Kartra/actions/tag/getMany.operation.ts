import { accountNames } from '../accountRecords';

/** Tag → Get Many: the account's tags, one item each (`retrieve_account_tags`). */
export const getTags = accountNames({
	resource: 'tag',
	cmd: 'retrieve_account_tags',
	key: 'account_tags',
	field: 'tag_name',
});
