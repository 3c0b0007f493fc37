import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readSegments, readVisitorId, segmentsParameter, visitorIdParameter } from '../../segments';
import { requireId } from '../../../shared/validation';
import type { ConvertSession } from '../../transport';
import { type ConvertOperation, type ConvertOptions, showFor } from '../common';
import { trackInBatches, type VisitorEntry } from './tracking';

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

interface PreparedBucketing {
	entry: VisitorEntry;
	summary: IDataObject;
}

export const trackBucketing: ConvertOperation = {
	description,
	async execute(this: IExecuteFunctions, session: ConvertSession, options: ConvertOptions) {
		const node = this.getNode();
		return await trackInBatches<PreparedBucketing>(this, session, options, {
			prepare: (itemIndex) => {
				const visitorId = readVisitorId(node, itemIndex, this.getNodeParameter('visitorId', itemIndex));
				const experienceId = requireId(node, itemIndex, 'Experience', this.getNodeParameter('experienceId', itemIndex, ''))!;
				const variationId = requireId(node, itemIndex, 'Variation', this.getNodeParameter('variationId', itemIndex, ''))!;
				const segments = readSegments(node, itemIndex, this.getNodeParameter('segments', itemIndex, {}) as IDataObject);
				return {
					entry: { visitorId, segments, events: [{ eventType: 'bucketing', data: { experienceId, variationId } }] },
					summary: {
						visitorId,
						eventType: 'bucketing',
						experienceId,
						variationId,
						...(Object.keys(segments).length ? { segments: segments as IDataObject } : {}),
					},
				};
			},
			entryOf: (prepared) => prepared.entry,
			// a visitor recorded twice in the same variation is still one visitor there
			idempotent: true,
			toOutput: (prepared) => prepared.summary,
		});
	},
};
