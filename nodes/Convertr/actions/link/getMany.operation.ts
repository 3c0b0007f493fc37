import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requireId } from '../../../shared/validation';
import { type ConvertrSession, convertrRequest } from '../../transport';
import type { ConvertrOperation } from '../common';
import { returnAllOrLimit } from '../getManyFields';

export function readLinks(body: unknown): IDataObject[] {
	const list = Array.isArray(body)
		? body
		: typeof body === 'object' && body !== null && Array.isArray((body as IDataObject).data)
			? ((body as IDataObject).data as unknown[])
			: [];
	return list.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null);
}

async function executeItem(
	this: IExecuteFunctions,
	session: ConvertrSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const campaignId = requireId(this.getNode(), itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)) as string;
	const response = await convertrRequest.call(this, session, {
		method: 'GET',
		path: `/api/v2/publisher/links/${campaignId}`,
		idempotent: true,
		notFound: `Campaign ${campaignId}`,
		itemIndex,
	});
	let links = readLinks(response.body);
	if (!this.getNodeParameter('returnAll', itemIndex, false)) {
		links = links.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	}
	return links.map((link) => ({ json: { campaignId: Number(campaignId), ...link } }));
}

export const getManyLinks: ConvertrOperation = { description: returnAllOrLimit('link'), executeItem };
