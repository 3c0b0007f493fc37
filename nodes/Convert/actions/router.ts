import { type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { openConvertSession } from '../transport';
import { type ConvertOperation, readOptions } from './common';
import { getConfig } from './config/get.operation';
import { getProjectSettings } from './config/getProjectSettings.operation';
import { trackBucketing } from './event/trackBucketing.operation';
import { trackConversion } from './event/trackConversion.operation';
import { trackLegacy } from './event/trackLegacy.operation';
import { bucketVisitors } from './visitor/bucket.operation';

export const operations: Record<string, Record<string, ConvertOperation>> = {
	config: { get: getConfig, getProjectSettings },
	event: { trackConversion, trackBucketing, trackLegacy },
	visitor: { bucket: bucketVisitors },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = operations[resource]?.[operation];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const options = readOptions(this);
	const session = await openConvertSession.call(this, options.timeoutMs);
	return [await selected.execute.call(this, session, options)];
}
