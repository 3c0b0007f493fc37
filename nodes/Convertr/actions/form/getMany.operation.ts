import type { IExecuteFunctions } from 'n8n-workflow';

import { requireId } from '../../../shared/validation';
import { readForms } from '../../formFields';
import type { ConvertrSession } from '../../transport';
import type { ConvertrCall, ConvertrOperation } from '../common';
import { returnAllOrLimit } from '../getManyFields';

function prepare(this: IExecuteFunctions, _session: ConvertrSession, itemIndex: number): ConvertrCall {
	const campaignId = requireId(this.getNode(), itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)) as string;
	const limit = this.getNodeParameter('returnAll', itemIndex, false)
		? undefined
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	return {
		request: {
			method: 'GET',
			path: `/api/v2/publisher/fields/${campaignId}`,
			idempotent: true,
			notFound: `Campaign ${campaignId}`,
			itemIndex,
		},
		toOutput: (response) =>
			readForms(response.body)
				.slice(0, limit)
				.map((form) => ({
					json: {
						campaignId: Number(campaignId),
						formId: form.formId,
						formName: form.formName,
						fields: form.raw.fields ?? [],
						mappableFields: form.fields.map((f) => ({ key: f.key, label: f.label, required: f.required })),
					},
				})),
	};
}

export const getManyForms: ConvertrOperation = { description: returnAllOrLimit('form'), prepare };
