import type { IDataObject } from 'n8n-workflow';

import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { decoded, limitParameters, readLimit, resultOf, showFor } from '../accountRecords';

/**
 * Page → Get Many: the account's pages (`retrieve_account_pages`), one item each. Kartra's page for this command could
 * not be read; the command rests on the third-party description (api-evangelist/kartra), and its answer is taken to
 * be `account_pages` like the tags', lists' and sequences' (names, or objects, both read).
 */
export const getPages: Operation<KartraSession, { limit: number }> = {
	description: limitParameters(showFor('page', 'getMany')),
	prepare(_session, itemIndex) {
		return { limit: readLimit.call(this, itemIndex) };
	},
	execute: oneByOne(async function (session, { limit }, itemIndex) {
		const answer = await kartraRequest.call(
			this,
			session,
			{ actions: [{ cmd: 'retrieve_account_pages' }] },
			{ idempotent: true, itemIndex },
		);
		const value = decoded(
			resultOf(answer, 'retrieve_account_pages').account_pages ?? answer.account_pages,
		);
		const pages = Array.isArray(value) ? (value as unknown[]) : [];
		return pages
			.map((page): IDataObject | undefined =>
				typeof page === 'string'
					? { page_name: page }
					: typeof page === 'object' && page !== null
						? (page as IDataObject)
						: undefined,
			)
			.filter((page): page is IDataObject => page !== undefined)
			.slice(0, limit);
	}),
};
