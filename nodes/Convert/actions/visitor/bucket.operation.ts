import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, listOf, requireId } from '../../../shared/input';
import type { Operation } from '../../../shared/operation';
import { bucketVisitor } from '../../bucketing';
import { experiencesOf } from '../../projectConfig';
import { type ConvertSession, loadProjectConfig } from '../../transport';
import { segmentsParameter, showFor, visitorIdParameter } from '../common.descriptions';
import { type PreparedTracking, trackInBatches } from '../event/tracking';
import { readSegments, readVisitorId } from '../visitorInput';

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
	const node = this.getNode();
	const visitorId = readVisitorId(node, itemIndex, this.getNodeParameter('visitorId', itemIndex));
	const which = this.getNodeParameter('experiences', itemIndex, 'all') as string;
	const sendEvents = this.getNodeParameter('sendEvents', itemIndex, false) as boolean;
	const segments = sendEvents
		? readSegments(node, itemIndex, this.getNodeParameter('segments', itemIndex, {}) as IDataObject)
		: {};
	let wanted: string[] | undefined;
	if (which === 'selected') {
		wanted = listOf(this.getNodeParameter('experienceIds', itemIndex, [])).map((id) =>
			requireId(node, itemIndex, 'Experiences', id),
		);
		if (wanted.length === 0)
			throw invalidInput(node, itemIndex, 'Experiences', 'needs at least one experience');
	}
	// one config per execution, shared by every item
	const config = await loadProjectConfig.call(this, session, session.options.config);
	const all = experiencesOf(config);
	const environment = session.options.config.environment;
	let experiences = all.filter(
		(e) => !environment || !e.environment || e.environment === environment,
	);
	if (wanted) {
		const byId = new Map(experiences.map((e) => [String(e.id), e]));
		const missing = wanted.filter((id) => !byId.has(id));
		if (missing.length) {
			throw invalidInput(
				node,
				itemIndex,
				'Experiences',
				`has ${missing.length === 1 ? 'an experience' : 'experiences'} the project config does not hold: ${missing.join(', ')}`,
				'It may be archived, in another environment, or a draft or paused experience (turn on Include Drafts and Paused, with a debug token).',
			);
		}
		experiences = wanted.map((id) => byId.get(id)!);
	} else {
		experiences = experiences.filter((e) => e.status === undefined || e.status === 'active');
	}
	const variations: IDataObject[] = [];
	const notBucketed: IDataObject[] = [];
	const bucketing: Record<string, string> = {};
	for (const experience of experiences) {
		const outcome = bucketVisitor(experience, visitorId);
		if (!outcome.bucketed) {
			notBucketed.push({
				experienceId: String(experience.id),
				experienceKey: textOf(experience.key),
				reason: outcome.reason,
				bucket: outcome.bucket,
			});
			continue;
		}
		const { variation } = outcome;
		bucketing[String(experience.id)] = outcome.variationId;
		variations.push({
			experienceId: String(experience.id),
			experienceKey: textOf(experience.key),
			experienceName: textOf(experience.name),
			variationId: outcome.variationId,
			variationKey: textOf(variation.key),
			variationName: textOf(variation.name),
			bucket: outcome.bucket,
			layout: outcome.layout,
		});
	}
	const events = sendEvents
		? Object.entries(bucketing).map(([experienceId, variationId]) => ({
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
			bucketing,
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
	describeFailure: tracking.describeFailure,
};
