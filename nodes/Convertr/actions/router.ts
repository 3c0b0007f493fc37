import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { selectOperation } from '../../shared/operations';
import { runItems } from '../../shared/runItems';
import { convertrRequest, openConvertrSession } from '../transport';
import { type ConvertrOperation, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './common';
import { getManyForms } from './form/getMany.operation';
import { createLead } from './lead/create.operation';
import { getLeadResult } from './lead/getResult.operation';
import { getManyLinks } from './link/getMany.operation';

export const operations: Record<string, Record<string, ConvertrOperation>> = {
	lead: { create: createLead, getResult: getLeadResult },
	form: { getMany: getManyForms },
	link: { getMany: getManyLinks },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const selected = selectOperation(this, operations);
	const options = this.getNodeParameter('options', 0, {}) as { concurrency?: number; timeout?: number };
	const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
	const timeoutMs = Math.max(1, options.timeout ?? 30) * 1000;
	const session = await openConvertrSession.call(this, timeoutMs);
	const output = await runItems(
		this,
		concurrency,
		(itemIndex) => selected.prepare.call(this, session, itemIndex),
		async (call) => {
			let response;
			try {
				response = await convertrRequest.call(this, session, call.request);
			} catch (error) {
				throw call.explainFailure ? await call.explainFailure.call(this, session, error) : error;
			}
			return call.toOutput(response);
		},
	);
	return [output];
}
