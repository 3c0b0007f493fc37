import { type IDataObject, type IPollFunctions, NodeApiError } from 'n8n-workflow';

import { parseRetryAfter } from '../../credentials/common/rateGate';
import { interpretLeadResult } from './actions/lead/getResult.operation';
import type { WatchedLead } from './leadWatch';
import { type ConvertrSession, readLeadResult } from './transport';

/** The wait after a 429 without Retry-After */
const DEFAULT_RATE_PAUSE_MS = 60_000;

export interface CheckOutcome {
	lead: WatchedLead;
	result?: IDataObject;
	rateLimitedFor?: number;
	error?: Error;
}

/** One lead's result; a 429 is not waited for here but left to a later poll. */
export async function checkLead(
	this: IPollFunctions,
	session: ConvertrSession,
	lead: WatchedLead,
): Promise<CheckOutcome> {
	let retryAfter: unknown;
	try {
		const answer = await readLeadResult.call(this, session, lead.leadId, {
			isFinal: (failure) => {
				retryAfter = failure.headers['retry-after'];
				return failure.status === 429;
			},
		});
		return { lead, result: interpretLeadResult(answer.status, answer.body) };
	} catch (error) {
		const status = error instanceof NodeApiError ? error.httpCode : undefined;
		if (status === '429') {
			return { lead, rateLimitedFor: parseRetryAfter(retryAfter) ?? DEFAULT_RATE_PAUSE_MS };
		}
		if (status === '404') return { lead, result: { status: 'notFound', reasons: [] } };
		return { lead, error: error as Error };
	}
}

export function verdictItem(
	lead: WatchedLead,
	result: IDataObject,
	now: number,
	extra: IDataObject = {},
): IDataObject {
	return {
		leadId: Number(lead.leadId),
		...result,
		formId: lead.formId,
		linkId: lead.linkId,
		deliveredAt: new Date(lead.deliveredAt).toISOString(),
		resolvedAt: new Date(now).toISOString(),
		checks: lead.checks,
		workflowId: lead.workflowId,
		executionId: lead.executionId,
		...extra,
	};
}
