import { oneByOne, type Operation } from '../../../shared/operation';
import { readLinks } from '../../campaign';
import { type ConvertrSession, convertrRequest, convertrRoutes } from '../../transport';
import { type ListQuery, readListQuery, returnAllOrLimit } from '../common.descriptions';

export const getManyLinks: Operation<ConvertrSession, ListQuery> = {
	description: returnAllOrLimit('link'),
	prepare(session, itemIndex) {
		return readListQuery.call(this, session, itemIndex);
	},
	execute: oneByOne(async function (session, { campaignId, limit }, itemIndex) {
		const response = await convertrRequest.call(this, session, {
			method: 'GET',
			path: convertrRoutes.links(session, campaignId),
			idempotent: true,
			notFound: `Campaign ${campaignId}`,
			itemIndex,
		});
		return readLinks(response.body)
			.slice(0, limit)
			.map((link) => ({ campaignId: Number(campaignId), ...link }));
	}),
};
