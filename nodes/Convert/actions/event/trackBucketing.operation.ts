import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { itemParameter, requireId } from '../../../shared/input';
import type { Operation } from '../../../shared/operation';
import type { ConvertSession } from '../../transport';
import {
	type InputField,
	parametersOnly,
	segmentsParameter,
	showFor,
	valuesFromParameters,
	visitorIdParameter,
} from '../common.descriptions';
import { itemFieldValues, readVisitor, SEGMENTS_FIELD, VISITOR_ID_FIELD } from '../inputFields';
import { requireKnownIds } from '../knownIds';
import { type PreparedTracking, trackInBatches } from './tracking';

const show = showFor('event', 'trackBucketing');
const byParameters = { show: parametersOnly(show.show) };

/** What Values From: Input Fields reads from each item */
const INPUT_FIELDS: InputField[] = [
	VISITOR_ID_FIELD,
	{
		key: 'experienceId',
		displayName: 'Experience ID',
		default: 'experienceId',
		description: "The item field holding the experience's ID",
	},
	{
		key: 'variationId',
		displayName: 'Variation ID',
		default: 'variationId',
		description: "The item field holding the variation's ID",
	},
	SEGMENTS_FIELD,
];

const description: INodeProperties[] = [
	...valuesFromParameters(show.show, INPUT_FIELDS),
	visitorIdParameter(byParameters.show, 'The ID Convert knows the visitor by'),
	{
		displayName: 'Experience Name or ID',
		name: 'experienceId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExperiences' },
		required: true,
		default: '',
		displayOptions: byParameters,
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
		displayOptions: byParameters,
		description:
			'The variation the visitor saw. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	segmentsParameter(byParameters.show),
];

export const trackBucketing: Operation<ConvertSession, PreparedTracking> = {
	description,
	async prepare(session, itemIndex) {
		const node = nodeOf(this);
		const fields = itemFieldValues.call(this, itemIndex, INPUT_FIELDS);
		const read = (key: string, label: string) =>
			requireId(
				node,
				itemIndex,
				fields ? fields.label(key) : label,
				fields ? fields.value(key) : itemParameter(this, key, itemIndex, ''),
			);
		const { visitorId, segments } = readVisitor.call(this, itemIndex, fields);
		const experienceId = read('experienceId', 'Experience');
		const variationId = read('variationId', 'Variation');
		await requireKnownIds.call(this, session, itemIndex, {
			bucketing: [
				{
					experienceId,
					variationId,
					field: fields ? fields.label('experienceId') : 'Experience',
				},
			],
		});
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
