import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ConvertrRequest, ConvertrResponse, ConvertrSession } from '../transport';

/** What one item asks of Convertr, checked and encoded, and how the answer becomes output items. */
export interface ConvertrCall {
	request: ConvertrRequest;
	toOutput(response: ConvertrResponse): INodeExecutionData[];
	/** Says more about a failed request where the operation knows more than Convertr's answer (returns the error to throw) */
	explainFailure?(this: IExecuteFunctions, session: ConvertrSession, error: unknown): Promise<unknown>;
}

/**
 * One operation: its parameters, and `prepare`, which reads and checks one item's parameters (throwing an
 * error that names the item and the field) and sends nothing. The router prepares every item before the first
 * request goes out.
 */
export interface ConvertrOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, session: ConvertrSession, itemIndex: number): ConvertrCall;
}

export const campaignIdField: INodeProperties = {
	displayName: 'Campaign ID',
	name: 'campaignId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1234',
	description: 'The Convertr campaign (a number, from the campaign\'s Tracking → API Credentials tab)',
};

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 9;

/** Options every operation has: how many requests run at once, how long to wait for an answer. */
export const requestOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrent Requests',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items are sent at the same time. Convertr asks for fewer than 10 concurrent requests.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description:
				'How long to wait for Convertr\'s answer. A lead whose answer does not come in time is reported as an error and not sent again, since Convertr may have stored it.',
		},
	],
};
