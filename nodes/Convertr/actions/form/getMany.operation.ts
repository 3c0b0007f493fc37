import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requireId } from '../../../shared/validation';
import { readForms } from '../../formFields';
import { type ConvertrSession, convertrRequest } from '../../transport';
import type { ConvertrOperation } from '../common';
import { returnAllOrLimit } from '../getManyFields';

async function executeItem(
	this: IExecuteFunctions,
	session: ConvertrSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const campaignId = requireId(this.getNode(), itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)) as string;
	const response = await convertrRequest.call(this, session, {
		method: 'GET',
		path: `/api/v2/publisher/fields/${campaignId}`,
		idempotent: true,
		notFound: `Campaign ${campaignId}`,
		itemIndex,
	});
	let forms = readForms(response.body);
	if (!this.getNodeParameter('returnAll', itemIndex, false)) {
		forms = forms.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	}
	return forms.map((form) => ({
		json: {
			campaignId: Number(campaignId),
			formId: form.formId,
			formName: form.formName,
			fields: form.raw.fields ?? [],
			mappableFields: form.fields.map((f) => ({ key: f.key, label: f.label, required: f.required })),
		},
	}));
}

export const getManyForms: ConvertrOperation = { description: returnAllOrLimit('form'), executeItem };
