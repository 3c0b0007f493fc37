import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, listOf, readNumber, requireToken } from '../../../shared/input';
import { deliveryKeyOf, stableText } from '../../../shared/deliverySettings';
import { oneByOne, type Operation } from '../../../shared/operation';
import { encodePhpForm, type PhpFormValue } from '../../../../credentials/common/phpForm';
import { type ConvertSession, sendLegacyTrack } from '../../transport';
import { segmentsParameter, showFor, visitorIdParameter } from '../common.descriptions';
import { readSegments, readVisitorId } from '../visitorInput';

const show = showFor('event', 'trackLegacy');

const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'POST (JSON)', value: 'POST' },
			{ name: 'GET (Query String)', value: 'GET' },
		],
		default: 'POST',
		displayOptions: show,
		description:
			'Both are documented by Convert; GET sends the same data as a PHP-style query string',
	},
	visitorIdParameter(
		show.show,
		"The visitor's session ID (`vid`)",
		'1588166554499-0.2020703998482254',
	),
	{
		displayName: 'Events',
		name: 'events',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Event',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Event',
				name: 'event',
				values: [
					{
						displayName: 'Experience IDs',
						name: 'exps',
						type: 'string',
						default: '',
						description: 'Comma-separated IDs of the experiences the visitor was bucketed in',
					},
					{
						displayName: 'Goal IDs',
						name: 'goals',
						type: 'string',
						default: '',
						placeholder: '12345, 67890',
						description: 'Comma-separated goal IDs (for Goal Hit and Transaction)',
					},
					{
						displayName: 'Products Count',
						name: 'prc',
						type: 'number',
						default: 0,
						description: 'How many products were ordered (Transaction only)',
					},
					{
						displayName: 'Revenue',
						name: 'r',
						type: 'number',
						default: 0,
						description: 'The transaction amount (Transaction only)',
					},
					{
						displayName: 'Type',
						name: 'evt',
						type: 'options',
						options: [
							{
								name: 'Goal Hit',
								value: 'hitGoal',
								description: 'A conversion of one or more goals',
							},
							{
								name: 'Transaction',
								value: 'tr',
								description: 'A transaction with revenue and products count',
							},
							{
								name: 'Experience Viewed',
								value: 'viewExp',
								description: 'The visitor saw a variation of an experience',
							},
						],
						default: 'hitGoal',
					},
					{
						displayName: 'Variation IDs',
						name: 'vars',
						type: 'string',
						default: '',
						description:
							'Comma-separated IDs of the variations, in the same order as the experiences',
					},
				],
			},
		],
	},
	segmentsParameter(show.show),
];

const LEGACY_SOURCES: Record<string, string> = {
	direct: 'direct',
	referral: 'referral',
	search: 'Search',
	campaign: 'Campaign',
};

interface PreparedLegacy {
	method: 'POST' | 'GET';
	payload: IDataObject;
}

/** Experience, variation and goal IDs of the legacy endpoint are tokens (the docs show experiences "ABCD", "DEF"). */
function ids(this: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string[] {
	return listOf(value).map((v) => requireToken(nodeOf(this), itemIndex, field, v));
}

/** Goals go as numbers where they are numbers, as the docs show (`"goals":[12345]`), and as given otherwise. */
function goalValue(id: string): number | string {
	return /^[1-9]\d*$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

function prepareLegacy(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
): PreparedLegacy {
	const node = nodeOf(this);
	const method = this.getNodeParameter('method', itemIndex, 'POST') === 'GET' ? 'GET' : 'POST';
	const vid = readVisitorId(node, itemIndex, this.getNodeParameter('visitorId', itemIndex));
	const rawEvents = ((this.getNodeParameter('events', itemIndex, {}) as IDataObject).event ??
		[]) as IDataObject[];
	if (rawEvents.length === 0)
		throw invalidInput(node, itemIndex, 'Events', 'needs at least one event');
	const ev = rawEvents.map((raw, i) => {
		const label = `Events ${i + 1}`;
		const evt = String(raw.evt ?? '');
		if (!['hitGoal', 'tr', 'viewExp'].includes(evt))
			throw invalidInput(
				node,
				itemIndex,
				`${label} › Type`,
				`must be hitGoal, tr or viewExp; got "${evt}"`,
			);
		const event: IDataObject = { evt };
		const goals = ids.call(this, itemIndex, `${label} › Goal IDs`, raw.goals);
		if (evt !== 'viewExp') {
			if (goals.length === 0)
				throw invalidInput(
					node,
					itemIndex,
					`${label} › Goal IDs`,
					'needs at least one goal for a goal hit or a transaction',
				);
			event.goals = goals.map(goalValue);
		}
		const exps = ids.call(this, itemIndex, `${label} › Experience IDs`, raw.exps);
		const vars = ids.call(this, itemIndex, `${label} › Variation IDs`, raw.vars);
		if (exps.length !== vars.length) {
			throw invalidInput(
				node,
				itemIndex,
				`${label} › Variation IDs`,
				`must pair with the experience IDs (${exps.length} experiences, ${vars.length} variations)`,
			);
		}
		if (evt === 'viewExp' && exps.length === 0)
			throw invalidInput(
				node,
				itemIndex,
				`${label} › Experience IDs`,
				'needs at least one experience for Experience Viewed',
			);
		if (vars.length) event.vars = vars;
		if (exps.length) event.exps = exps;
		if (evt === 'tr') {
			event.r = readNumber(node, itemIndex, `${label} › Revenue`, raw.r, { min: 0 }) ?? 0;
			const prc = readNumber(node, itemIndex, `${label} › Products Count`, raw.prc, {
				integer: true,
				min: 0,
			});
			if (prc !== undefined) event.prc = prc;
		}
		return event;
	});
	const segments = readSegments(
		node,
		itemIndex,
		this.getNodeParameter('segments', itemIndex, {}) as IDataObject,
	);
	const seg: IDataObject = {};
	if (segments.browser) seg.browser = segments.browser;
	if (segments.devices) seg.devices = segments.devices;
	if (segments.source) seg.source = LEGACY_SOURCES[segments.source];
	if (segments.campaign) seg.campaign = segments.campaign;
	// Convert's legacy `new`: 0 for a new visitor, 1 for a returning one
	if (segments.visitorType) seg.new = segments.visitorType === 'returning' ? 1 : 0;
	if (segments.country) seg.ctry = segments.country;
	if (segments.customSegments) seg.cust = segments.customSegments;
	const payload: IDataObject = { cid: session.accountId, pid: session.projectId };
	if (Object.keys(seg).length) payload.seg = seg;
	payload.vid = vid;
	payload.ev = ev;
	return { method, payload };
}

export const trackLegacy: Operation<ConvertSession, PreparedLegacy> = {
	description,
	prepare(session, itemIndex) {
		return prepareLegacy.call(this, session, itemIndex);
	},
	summarize: ({ payload }) => ({ ...payload }),
	deliveryKey: ({ payload }) =>
		deliveryKeyOf('convert', 'legacy', String(payload.vid), stableText(payload.ev)),
	execute: oneByOne(async function (session, { method, payload }, itemIndex) {
		const query = encodePhpForm(payload as { [key: string]: PhpFormValue }, {
			emptyBracketLists: true,
		});
		const answer = await sendLegacyTrack.call(
			this,
			session,
			method,
			payload,
			query,
			itemIndex,
			session.options.retryServerErrors,
		);
		return [{ ...payload, accepted: true, httpStatus: answer.status, attempts: answer.attempts }];
	}),
};
