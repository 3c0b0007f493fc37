import { type ConvertrSession, reachableCampaign } from '../transport';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { requireId } from '../../shared/input';
import {
	concurrencyOption,
	optionsCollection,
	returnAllOrLimitParameters,
	timeoutOption,
} from '../../shared/operations';

/** The parameters the Convertr operations share (the campaign, "Get Many" limits, the request options), and their readers. */

export const campaignIdField: INodeProperties = {
	displayName: 'Campaign ID',
	name: 'campaignId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1234',
	description:
		"The Convertr campaign (a number, from the campaign's Tracking → API Credentials tab)",
};

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 9;

/** Options every operation has: how many requests run at once, how long to wait for an answer. */
export const requestOptions: INodeProperties = optionsCollection([
	concurrencyOption(
		DEFAULT_CONCURRENCY,
		MAX_CONCURRENCY,
		'How many items are sent at the same time. Convertr asks for fewer than 10 concurrent requests.',
	),
	timeoutOption(
		"How long to wait for Convertr's answer. A lead whose answer does not come in time is reported as an error and not sent again, since Convertr may have stored it.",
	),
]);

/** Return All / Limit of a resource's "Get Many". */
export function returnAllOrLimit(resource: string): INodeProperties[] {
	return returnAllOrLimitParameters({ resource: [resource], operation: ['getMany'] });
}

/** Which campaign a "Get Many" lists, and how many results at most (undefined: all). */
export interface ListQuery {
	campaignId: string;
	limit?: number;
}

export function readListQuery(
	this: IExecuteFunctions,
	session: ConvertrSession,
	itemIndex: number,
): ListQuery {
	const node = nodeOf(this);
	return {
		campaignId: reachableCampaign(
			node,
			session,
			itemIndex,
			requireId(node, itemIndex, 'Campaign ID', this.getNodeParameter('campaignId', itemIndex)),
		),
		limit: this.getNodeParameter('returnAll', itemIndex, false)
			? undefined
			: (this.getNodeParameter('limit', itemIndex, 50) as number),
	};
}
