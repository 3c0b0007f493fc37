import { type IDataObject, type INodeProperties, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { requireId } from '../../../shared/input';
import { oneByOne, type Operation } from '../../../shared/operation';
import { type ConvertrSession, readLeadResult } from '../../transport';

const description: INodeProperties[] = [
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['lead'], operation: ['getResult'] } },
		description: 'The ID Convertr returned when the lead was created',
	},
];

/** How much of an answer's reasons is read: a lead fails a few checks, nested a level or two */
const MAX_REASONS = 100;
const MAX_DEPTH = 8;

/** Collects the readable reasons out of Convertr's qaReasons / failedJobs, whatever their shape. */
function collectReasons(value: unknown, into: string[] = [], depth = 0): string[] {
	if (into.length >= MAX_REASONS || depth > MAX_DEPTH) return into;
	if (typeof value === 'string') {
		if (value.trim() !== '') into.push(value.slice(0, 500).trim());
	} else if (Array.isArray(value)) {
		for (const entry of value) collectReasons(entry, into, depth + 1);
	} else if (typeof value === 'object' && value !== null) {
		const object = value as IDataObject;
		const text =
			object.reason ?? object.message ?? object.description ?? object.name ?? object.jobName;
		if (typeof text === 'string') collectReasons(text, into, depth + 1);
		else for (const entry of Object.values(object)) collectReasons(entry, into, depth + 1);
	}
	return into;
}

/**
 * 202 → pending; 200 with an empty body → valid; 200 with `{qaReasons, failedJobs, leadData}` (or a bare
 * string) → invalid, with the reasons.
 */
export function interpretLeadResult(status: number, body: unknown): IDataObject {
	if (status === 202) return { status: 'pending', reasons: [] };
	if (
		body === undefined ||
		body === null ||
		body === '' ||
		(typeof body === 'object' && Object.keys(body).length === 0)
	) {
		return { status: 'valid', reasons: [] };
	}
	if (typeof body === 'string') return { status: 'invalid', reasons: [body], qaReasons: body };
	const object = body as IDataObject;
	return {
		status: 'invalid',
		reasons: [...collectReasons(object.qaReasons), ...collectReasons(object.failedJobs)],
		qaReasons: object.qaReasons ?? null,
		failedJobs: object.failedJobs ?? [],
		leadData: object.leadData ?? null,
	};
}

export const getLeadResult: Operation<ConvertrSession, { leadId: string; publisherId: string }> = {
	description,
	prepare(session, itemIndex) {
		const node = nodeOf(this);
		if (session.campaignKey)
			throw new NodeOperationError(
				node,
				'Lead → Get Result needs the Publisher API authentication: Convertr answers lead results to the publisher API only',
				{
					itemIndex,
					description:
						'Set Authentication to Publisher API with a Convertr Publisher API credential; the campaign API key delivers leads, forms and links only.',
				},
			);
		return {
			leadId: requireId(node, itemIndex, 'Lead ID', this.getNodeParameter('leadId', itemIndex)),
			publisherId: requireId(
				node,
				itemIndex,
				'Publisher ID (in the credential)',
				session.publisherId,
			),
		};
	},
	execute: oneByOne(async function (session, { leadId }, itemIndex) {
		const response = await readLeadResult.call(this, session, leadId, { itemIndex });
		return [{ leadId: Number(leadId), ...interpretLeadResult(response.status, response.body) }];
	}),
};
