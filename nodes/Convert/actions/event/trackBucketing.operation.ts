import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { requireId } from '../../../shared/input';
import type { Operation } from '../../../shared/operation';
import type { ConvertSession } from '../../transport';
import { segmentsParameter, showFor, visitorIdParameter } from '../common.descriptions';
import { readSegments, readVisitorId } from '../visitorInput';
import { type PreparedTracking, trackInBatches } from './tracking';

const show = showFor('event', 'trackBucketing');

const description: INodeProperties[] = [
	visitorIdParameter(show.show, 'The ID Convert knows the visitor by'),
	{
		displayName: 'Experience Name or ID',
		name: 'experienceId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExperiences' },
		required: true,
		default: '',
		displayOptions: show,
		description:
			'The experience the visitor was bucketed in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Variation Name or ID',
		name: 'variationId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getVariations', loadOptionsDependsOn: ['experienceId'] },
		required: true,
		default: '',
		displayOptions: show,
		description:
			'The variation the visitor saw. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	segmentsParameter(show.show),
];

export const trackBucketing: Operation<ConvertSession, PreparedTracking> = {
	description,
	prepare(_session, itemIndex) {
		const node = this.getNode();
		const visitorId = readVisitorId(node, itemIndex, this.getNodeParameter('visitorId', itemIndex));
		const experienceId = requireId(
			node,
			itemIndex,
			'Experience',
			this.getNodeParameter('experienceId', itemIndex, ''),
		);
		const variationId = requireId(
			node,
			itemIndex,
			'Variation',
			this.getNodeParameter('variationId', itemIndex, ''),
		);
		const segments = readSegments(
			node,
			itemIndex,
			this.getNodeParameter('segments', itemIndex, {}) as IDataObject,
		);
		return {
			entry: {
				visitorId,
				segments,
				events: [{ eventType: 'bucketing', data: { experienceId, variationId } }],
			},
			summary: {
				visitorId,
				eventType: 'bucketing',
				experienceId,
				variationId,
				...(Object.keys(segments).length ? { segments: segments as IDataObject } : {}),
			},
		};
	},
	// a visitor recorded twice in the same variation is still one visitor there
	...trackInBatches(() => true),
};
