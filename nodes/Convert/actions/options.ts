import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { concurrencyOption, optionsCollection, timeoutOption } from '../../shared/operations';
import type { ConfigEndpoint, ConfigQuery } from '../transport';

/** The node's Options (batching, concurrency, the config query, timeouts), read once per execution. */
export interface ConvertOptions {
	batchSize: number;
	batchConcurrency: number;
	concurrency: number;
	enrichData?: boolean;
	/** Track Conversion: a goal's transactions each count, not only the visitor's first conversion of it */
	forceMultipleTransactions: boolean;
	retryServerErrors: boolean;
	timeoutMs: number;
	config: ConfigQuery;
}

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 1000;

const TRACKING = ['trackConversion', 'trackBucketing', 'bucket'];
/** Operations that check the IDs they send against the project's config */
const ID_CHECKERS = ['trackConversion', 'trackBucketing'];
const CONFIG_READERS = ['get', 'bucket'];

export const optionsParameter: INodeProperties = optionsCollection(
	[
		{
			displayName: 'Batch Concurrency',
			name: 'batchConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 8 },
			default: 2,
			displayOptions: { show: { '/operation': TRACKING } },
			description: 'How many batches are sent at the same time',
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
			default: DEFAULT_BATCH_SIZE,
			displayOptions: { show: { '/operation': TRACKING } },
			description: 'How many visitors go in one request to Convert',
		},
		{
			displayName: 'Check IDs Against the Project',
			name: 'checkIds',
			type: 'boolean',
			default: true,
			displayOptions: { show: { '/operation': ID_CHECKERS } },
			description:
				"Whether to refuse an item whose goal, experience or variation is not in the project's config (read once per execution) before anything is sent: Convert accepts such events and drops them. Turn off for IDs created minutes ago, before Convert's CDN serves them.",
		},
		concurrencyOption(4, 10, 'How many items are sent at the same time (one request per item)', {
			displayName: 'Concurrency',
			displayOptions: { show: { '/operation': ['trackLegacy'] } },
		}),
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{
					name: 'From Credential',
					value: 'auto',
					description:
						'The SDK key endpoint when the credential has an SDK key, else the default one',
				},
				{
					name: 'Default (Account and Project)',
					value: 'project',
					description: 'Works while the project allows its default config endpoint',
				},
				{
					name: 'SDK Key',
					value: 'sdkKey',
					description: "The key's secret goes as a Bearer token",
				},
			],
			default: 'auto',
			displayOptions: { show: { '/operation': [...CONFIG_READERS, ...ID_CHECKERS] } },
			description: 'Which config endpoint to read',
		},
		{
			displayName: 'Enrich Data',
			name: 'enrichData',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': TRACKING } },
			description:
				'Whether Convert should complete the events with what it stored for the visitor (bucketing, segments) before reporting. Only some plans have it.',
		},
		{
			displayName: 'Environment Name or ID',
			name: 'environment',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getEnvironments' },
			default: '',
			displayOptions: { show: { '/operation': CONFIG_READERS } },
			description:
				'Only experiences of this environment. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Force Multiple Transactions',
			name: 'forceMultipleTransactions',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': ['trackConversion'] } },
			description:
				"Whether each transaction (goal data) of a goal counts, as Convert's SDKs count with their forceMultipleTransactions setting: with Skip Already Delivered a visitor's goal is otherwise reported once (from version 1.3), and with this each transaction once, told apart by its Transaction ID (or, without one, by its goal data)",
		},
		{
			displayName: 'Include Drafts and Paused',
			name: 'includeDrafts',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': [...CONFIG_READERS, ...ID_CHECKERS] } },
			description:
				"Whether the config also holds draft and paused experiences (needs the credential's debug token)",
		},
		{
			displayName: 'Retry Server Errors for Conversions',
			name: 'retryServerErrors',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': ['trackConversion', 'trackLegacy'] } },
			description:
				'Whether a batch of conversions is sent again after HTTP 500, 502 or 504, a timeout or a dropped connection. Convert may have recorded it before failing, so a retry can count those conversions twice. 429 and 503 are always retried.',
		},
		timeoutOption('How long to wait for each answer from Convert'),
	],
	'Add Option',
);

export function readOptions(context: IExecuteFunctions): ConvertOptions {
	return optionsFrom(context.getNodeParameter('options', 0, {}) as IDataObject);
}

/** The options from the collection's values; the defaults from `{}`. */
export function optionsFrom(raw: IDataObject): ConvertOptions {
	const clamp = (value: unknown, fallback: number, min: number, max: number) => {
		const n = Math.floor(Number(value ?? fallback));
		return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
	};
	return {
		batchSize: clamp(raw.batchSize, DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
		batchConcurrency: clamp(raw.batchConcurrency, 2, 1, 8),
		concurrency: clamp(raw.concurrency, 4, 1, 10),
		enrichData: raw.enrichData === true ? true : undefined,
		forceMultipleTransactions: raw.forceMultipleTransactions === true,
		retryServerErrors: raw.retryServerErrors === true,
		timeoutMs: clamp(raw.timeout, 30, 1, 600) * 1000,
		config: configQueryOf(raw),
	};
}

export function configQueryOf(raw: IDataObject): ConfigQuery {
	const endpoint = ['auto', 'project', 'sdkKey'].includes(String(raw.endpoint))
		? (String(raw.endpoint) as ConfigEndpoint)
		: 'auto';
	return {
		endpoint,
		environment: typeof raw.environment === 'string' ? raw.environment.trim() : '',
		includeDrafts: raw.includeDrafts === true,
	};
}

/** The config query the editor's dropdowns use: the node's own options as they stand. */
export function configQueryInEditor(context: ILoadOptionsFunctions): ConfigQuery {
	let raw: IDataObject = {};
	try {
		raw = (context.getCurrentNodeParameter('options') as IDataObject | undefined) ?? {};
	} catch {
		raw = {};
	}
	return configQueryOf(raw);
}
