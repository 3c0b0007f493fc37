import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type Operation, runOperation } from '../../shared/operation';
import { selectOperation } from '../../shared/operations';
import {
	type ConvertrAuthentication,
	type ConvertrSession,
	openConvertrSession,
} from '../transport';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './common.descriptions';
import { getManyForms } from './form/getMany.operation';
import { checkLeadOnly, createLead } from './lead/create.operation';
import { getLeadResult } from './lead/getResult.operation';
import { getManyLinks } from './link/getMany.operation';

export const operations: Record<string, Record<string, Operation<ConvertrSession>>> = {
	lead: { create: createLead, getResult: getLeadResult },
	form: { getMany: getManyForms },
	link: { getMany: getManyLinks },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const selected = selectOperation(this, operations);
	// Check Only: the same preparation, checked against the form instead of sent (and never recorded as delivered)
	const operation =
		selected === createLead && this.getNodeParameter('checkOnly', 0, false) === true
			? checkLeadOnly
			: selected;
	const options = this.getNodeParameter('options', 0, {}) as {
		concurrency?: number;
		timeout?: number;
	};
	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
	);
	const session = await openConvertrSession.call(
		this,
		Math.max(1, options.timeout ?? 30) * 1000,
		this.getNodeParameter('authentication', 0, 'publisherApi') as ConvertrAuthentication,
	);
	return [await runOperation(this, session, operation, { groupSize: 1, concurrency })];
}
