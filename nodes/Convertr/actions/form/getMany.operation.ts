import { oneByOne, type Operation } from '../../../shared/operation';
import { readForms } from '../../campaign';
import { type ConvertrSession, convertrRequest, convertrRoutes } from '../../transport';
import { type ListQuery, readListQuery, returnAllOrLimit } from '../common.descriptions';

export const getManyForms: Operation<ConvertrSession, ListQuery> = {
	description: returnAllOrLimit('form'),
	prepare(session, itemIndex) {
		return readListQuery.call(this, session, itemIndex);
	},
	execute: oneByOne(async function (session, { campaignId, limit }, itemIndex) {
		const response = await convertrRequest.call(this, session, {
			method: 'GET',
			path: convertrRoutes.fields(session, campaignId),
			idempotent: true,
			notFound: `Campaign ${campaignId}`,
			itemIndex,
		});
		return readForms(response.body)
			.slice(0, limit)
			.map((form) => ({
				campaignId: Number(campaignId),
				formId: form.formId,
				formName: form.formName,
				fields: form.raw.fields ?? [],
				mappableFields: form.fields.map((f) => ({
					key: f.key,
					label: f.label,
					required: f.required,
				})),
			}));
	}),
};
