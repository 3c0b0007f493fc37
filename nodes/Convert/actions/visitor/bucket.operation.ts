import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isVersion, nodeOf } from '../../../shared/context';
import type { Operation } from '../../../shared/operation';
import type { ConvertSession } from '../../transport';
import { segmentsParameter, showFor, visitorIdParameter } from '../common.descriptions';
import { type PreparedTracking, trackInBatches } from '../event/tracking';
import { readSegments, readVisitorId } from '../visitorInput';
import { decideVisitor, readTargeting } from './decide';
import { readPreview } from './preview';
import { targetingParameters } from './targeting.description';

const show = showFor('visitor', 'bucket');

const description: INodeProperties[] = [
	visitorIdParameter(
		show.show,
		'A stable ID of the visitor: the same ID always gets the same variation',
		'={{ $json.email }}',
	),
	{
		displayName: 'Experiences',
		name: 'experiences',
		type: 'options',
		options: [
			{
				name: 'All Running',
				value: 'all',
				description: 'Every active experience in the project config',
			},
			{ name: 'Selected', value: 'selected' },
		],
		default: 'all',
		displayOptions: show,
	},
	{
		displayName: 'Experience Names or IDs',
		name: 'experienceIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getExperiences' },
		default: [],
		displayOptions: { show: { ...show.show, experiences: ['selected'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	...targetingParameters(show.show),
	{
		displayName: 'Preview Variation',
		name: 'previewVariation',
		type: 'string',
		default: '',
		placeholder: '100111.100901',
		displayOptions: show,
		description:
			"QA a variation before launch, as Convert's SDK previews (its _conv_eforce parameter): an experience ID and a variation ID joined by a dot. The visitor gets that variation whatever the experience's targeting, status and traffic; the other experiences decide as usual but store nothing, and nothing is reported to Convert.",
	},
	{
		displayName: 'Send Bucketing Events',
		name: 'sendEvents',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description:
			'Whether to report the decisions to Convert (batched), as the SDKs do when a visitor is bucketed',
	},
	segmentsParameter({ ...show.show, sendEvents: [true] }),
];

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

interface PreparedBucket extends PreparedTracking {
	sendEvents: boolean;
}

async function prepareBucket(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
): Promise<PreparedBucket> {
	const node = nodeOf(this);
	const visitorId = readVisitorId(node, itemIndex, this.getNodeParameter('visitorId', itemIndex));
	const sendEvents = this.getNodeParameter('sendEvents', itemIndex, false) as boolean;
	const segments = sendEvents
		? readSegments(node, itemIndex, this.getNodeParameter('segments', itemIndex, {}) as IDataObject)
		: {};
	const targeting = readTargeting.call(this, itemIndex);
	const preview = readPreview.call(this, itemIndex);
	const { decisions } = await decideVisitor.call(
		this,
		session,
		itemIndex,
		visitorId,
		targeting,
		preview,
	);
	const variations: IDataObject[] = [];
	const notBucketed: IDataObject[] = [];
	const bucketing: Record<string, string> = {};
	/** the new decisions: as the SDK, a variation given again from the stored bucketing is not reported again */
	const decided: Record<string, string> = {};
	for (const { experience, decision } of decisions) {
		if (!decision.bucketed) {
			notBucketed.push({
				experienceId: String(experience.id),
				experienceKey: textOf(experience.key),
				rule: decision.rule,
				reason: decision.reason,
				...(decision.bucket !== undefined ? { bucket: decision.bucket } : {}),
			});
			continue;
		}
		const { variation } = decision;
		// a previewed variation is no bucketing: a Bucket → Track wire never reports it (the SDK's preview tracks nothing)
		if (!decision.preview) bucketing[String(experience.id)] = decision.variationId;
		if (!decision.stored && !preview) decided[String(experience.id)] = decision.variationId;
		variations.push({
			experienceId: String(experience.id),
			experienceKey: textOf(experience.key),
			experienceName: textOf(experience.name),
			variationId: decision.variationId,
			variationKey: textOf(variation.key),
			variationName: textOf(variation.name),
			...(decision.preview
				? { preview: true }
				: decision.stored
					? { stored: true }
					: { bucket: decision.bucket, layout: decision.layout }),
		});
	}
	const events = sendEvents
		? Object.entries(decided).map(([experienceId, variationId]) => ({
				eventType: 'bucketing' as const,
				data: { experienceId, variationId },
			}))
		: [];
	return {
		sendEvents,
		entry: { visitorId, segments, events },
		summary: {
			visitorId,
			variations,
			// versions 1 and 1.1 also said it as `bucketing`
			...(isVersion(this, 1.2) ? {} : { bucketing }),
			// the shape Track Conversion's Bucketing Data takes ("From Input Field"): Bucket → Track is one wire
			bucketingData: { ...bucketing },
			notBucketed,
			...(sendEvents ? { eventsSent: events.length } : {}),
		},
	};
}

const tracking = trackInBatches<PreparedBucket>(() => true);

export const bucketVisitors: Operation<ConvertSession, PreparedBucket> = {
	description,
	async prepare(session, itemIndex) {
		return await prepareBucket.call(this, session, itemIndex);
	},
	batched: true,
	async execute(session, group, info) {
		// the decisions are reported only when asked; without that the items say nothing of batches
		if (!group.some(({ prepared }) => prepared.sendEvents))
			return group.map(({ prepared }) => [prepared.summary]);
		return await tracking.execute.call(this, session, group, info);
	},
	summarize: tracking.summarize,
	describeFailure: tracking.describeFailure,
};
