import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { oneByOne, type Operation } from '../../../shared/operation';
import { type ConvertSession, loadVisitorData } from '../../transport';
import { showFor, visitorIdParameter } from '../common.descriptions';
import { readVisitorId } from '../visitorInput';

const show = showFor('visitor', 'getData');

const description: INodeProperties[] = [
	visitorIdParameter(show.show, 'The visitor whose stored data to read', '={{ $json.visitorId }}'),
];

export const getVisitorData: Operation<ConvertSession, { visitorId: string }> = {
	description,
	prepare(_session, itemIndex) {
		return {
			visitorId: readVisitorId(
				nodeOf(this),
				itemIndex,
				this.getNodeParameter('visitorId', itemIndex),
			),
		};
	},
	// read once per visitor per execution, however many items name them
	execute: oneByOne(async function (session, { visitorId }, itemIndex) {
		const body = await loadVisitorData.call(this, session, visitorId, itemIndex);
		const answer =
			typeof body === 'object' && body !== null && !Array.isArray(body)
				? (structuredClone(body) as IDataObject)
				: {};
		return [
			{
				visitorId,
				data: (answer.data ?? {}) as IDataObject,
				default: (answer.default ?? {}) as IDataObject,
			},
		];
	}),
};
