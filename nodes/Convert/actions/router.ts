import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { selectOperation } from '../../shared/operations';
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
	const selected = selectOperation(this, operations);
	const options = readOptions(this);
	const session = await openConvertSession.call(this, options.timeoutMs);
	return [await selected.execute.call(this, session, options)];
}
