import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type Operation, runOperation } from '../../shared/operation';
import { selectOperation } from '../../shared/operations';
import { type ConvertSession, openConvertSession } from '../transport';
import { getConfig } from './config/get.operation';
import { getOptionalSettings } from './config/getOptionalSettings.operation';
import { getProjectSettings } from './config/getProjectSettings.operation';
import { trackBucketing } from './event/trackBucketing.operation';
import { trackConversion } from './event/trackConversion.operation';
import { trackLegacy } from './event/trackLegacy.operation';
import { readOptions } from './options';
import { bucketVisitors } from './visitor/bucket.operation';
import { getVisitorData } from './visitor/getData.operation';
import { getFeatures } from './visitor/getFeatures.operation';

export const operations: Record<string, Record<string, Operation<ConvertSession>>> = {
	config: { get: getConfig, getProjectSettings, getOptionalSettings },
	event: { trackConversion, trackBucketing, trackLegacy },
	visitor: { bucket: bucketVisitors, getFeatures, getData: getVisitorData },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = selectOperation(this, operations);
	const options = readOptions(this);
	const session = await openConvertSession.call(this, options);
	const grouping = operation.batched
		? { groupSize: options.batchSize, concurrency: options.batchConcurrency }
		: { groupSize: 1, concurrency: options.concurrency };
	return [await runOperation(this, session, operation, grouping)];
}
