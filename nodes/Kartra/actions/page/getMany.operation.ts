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
	// read once per execution, however many items ask
	execute: oneByOne(async function (session, { limit }, itemIndex) {
		if (!session.accountPages) {
			session.accountPages = kartraRequest
				.call(
					this,
					session,
					{ actions: [{ cmd: 'retrieve_account_pages' }] },
					{ idempotent: true, itemIndex },
				)
				.then((answer) => {
					const value = decoded(
						resultOf(answer, 'retrieve_account_pages').account_pages ?? answer.account_pages,
					);
					return (Array.isArray(value) ? (value as unknown[]) : [])
						.map((page): IDataObject | undefined =>
							typeof page === 'string'
								? { page_name: page }
								: typeof page === 'object' && page !== null
									? (page as IDataObject)
									: undefined,
						)
						.filter((page): page is IDataObject => page !== undefined);
				});
			// a failed read is not kept: the next item asks again
			session.accountPages.catch(() => (session.accountPages = undefined));
		}
		return (await session.accountPages).slice(0, limit).map((page) => ({ ...page }));
	}),
};
