import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requireId } from '../../../shared/validation';
import type { ConvertrSession } from '../../transport';
import type { ConvertrCall, ConvertrOperation } from '../common';
import { returnAllOrLimit } from '../getManyFields';

export function readLinks(body: unknown): IDataObject[] {
	const list = Array.isArray(body)
		? body
		: typeof body === 'object' && body !== null && Array.isArray((body as IDataObject).data)
			? ((body as IDataObject).data as unknown[])
			: [];
	return list.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null);
}

function prepare(this: IExecuteFunctions, _session: ConvertrSession, itemIndex: number): ConvertrCall {
	const campaignId = requireId(this.getNode(), itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)) as string;
	const limit = this.getNodeParameter('returnAll', itemIndex, false)
		? undefined
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	return {
		request: {
			method: 'GET',
			path: `/api/v2/publisher/links/${campaignId}`,
			idempotent: true,
			notFound: `Campaign ${campaignId}`,
			itemIndex,
		},
		toOutput: (response) =>
			readLinks(response.body)
				.slice(0, limit)
				.map((link) => ({ json: { campaignId: Number(campaignId), ...link } })),
	};
}

export const getManyLinks: ConvertrOperation = { description: returnAllOrLimit('link'), prepare };
