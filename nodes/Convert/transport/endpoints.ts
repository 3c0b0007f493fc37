import {
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import type { RequestContext } from '../../shared/request';
import {
	type ConfigEndpoint,
	type ConfigQuery,
	type ConvertAnswer,
	type ConvertSession,
	convertRequest,
} from './index';

/** Convert's endpoints the node uses: the project config and settings, tracking batches, the legacy /track. */

type ConvertContext = RequestContext;

function configUrl(
	session: ConvertSession,
	endpoint: ConfigEndpoint,
): { url: string; subject: string } {
	const useKey = endpoint === 'sdkKey' || (endpoint === 'auto' && session.sdkKey !== '');
	if (useKey) {
		return {
			url: `${session.configBaseUrl}/api/v1/config/${encodeURIComponent(session.sdkKey)}`,
			subject: `the config of SDK key "${session.sdkKey}"`,
		};
	}
	return {
		url: `${session.configBaseUrl}/api/v1/config/${session.accountId}/${session.projectId}`,
		subject: `the config of account ${session.accountId} / project ${session.projectId}`,
	};
}

/**
 * The project's config (experiences, goals, segments…), fetched once per execution for the same query. With
 * `experienceId`, the config scoped to that experience, read as Convert's SDK (from 5.0) reads it for a preview: the
 * SDK key's config with `exp=<experienceId>` and `_conv_low_cache=1`, and the debug token when the credential has one.
 */
export async function loadProjectConfig(
	this: ConvertContext,
	session: ConvertSession,
	query: ConfigQuery,
	experienceId?: string,
): Promise<IDataObject> {
	if (experienceId !== undefined && session.sdkKey === '') {
		throw new NodeOperationError(
			nodeOf(this),
			`Experience ${experienceId} is not in the project config: previewing it needs an SDK key in the Convert credential`,
			{
				description:
					"Convert's SDK reads a preview's experience from the SDK key's config. Add the key (and a debug token for a draft), or preview an experience the config holds.",
			},
		);
	}
	if (query.endpoint === 'sdkKey' && session.sdkKey === '') {
		throw new NodeOperationError(
			nodeOf(this),
			'The SDK key endpoint needs an SDK key in the Convert credential',
		);
	}
	if (query.includeDrafts && !session.hasDebugToken) {
		throw new NodeOperationError(
			nodeOf(this),
			'Draft and paused experiences need a debug token in the Convert credential',
			{
				description:
					'Generate one in Convert (it lasts 24 hours by default) and add it to the credential, or turn the option off.',
			},
		);
	}
	const key = `${query.endpoint}\u0000${query.environment}\u0000${String(query.includeDrafts)}\u0000${experienceId ?? ''}`;
	let pending = session.configs.get(key);
	if (!pending) {
		const { url, subject } = configUrl(session, experienceId ? 'sdkKey' : query.endpoint);
		const qs: IDataObject = query.environment ? { environment: query.environment } : {};
		if (experienceId) Object.assign(qs, { exp: experienceId, _conv_low_cache: '1' });
		pending = convertRequest
			.call(this, session, {
				method: 'GET',
				url,
				qs: Object.keys(qs).length ? qs : undefined,
				debugToken: query.includeDrafts || (experienceId !== undefined && session.hasDebugToken),
				idempotent: true,
				subject,
			})
			.then((answer) => {
				if (typeof answer.body !== 'object' || answer.body === null || Array.isArray(answer.body)) {
					throw new NodeApiError(nodeOf(this), {} as JsonObject, {
						message: `Convert answered ${subject} with something that is not a config`,
					});
				}
				return answer.body as IDataObject;
			});
		// kept even when it failed (after the request loop's own retries): the other items fail with that error in
		// this execution instead of each asking again; the next execution asks again
		pending.catch(() => undefined);
		session.configs.set(key, pending);
	}
	return await pending;
}

/**
 * The basic project settings (tracking script versions, jQuery options): `/project-settings/{account}/{project}` in
 * Convert's API description. Read once per execution.
 */
export async function loadProjectSettings(
	this: ConvertContext,
	session: ConvertSession,
	itemIndex: number,
): Promise<unknown> {
	if (!session.projectSettings) {
		session.projectSettings = convertRequest
			.call(this, session, {
				method: 'GET',
				url: `${session.configBaseUrl}/api/v1/project-settings/${session.accountId}/${session.projectId}`,
				idempotent: true,
				subject: `the settings of account ${session.accountId} / project ${session.projectId}`,
				itemIndex,
			})
			.then((answer) => answer.body);
		// a failed read is not kept: the next item asks again
		session.projectSettings.catch(() => (session.projectSettings = undefined));
	}
	return await session.projectSettings;
}

/**
 * The project's optional settings (visitor insights: tracking ID, sampling rate):
 * `/project-optional-settings/{account}/{project}` in Convert's API description. Read once per execution.
 */
export async function loadProjectOptionalSettings(
	this: ConvertContext,
	session: ConvertSession,
	itemIndex: number,
): Promise<unknown> {
	if (!session.optionalSettings) {
		session.optionalSettings = convertRequest
			.call(this, session, {
				method: 'GET',
				url: `${session.configBaseUrl}/api/v1/project-optional-settings/${session.accountId}/${session.projectId}`,
				idempotent: true,
				subject: `the optional settings of account ${session.accountId} / project ${session.projectId}`,
				itemIndex,
			})
			.then((answer) => answer.body);
		// a failed read is not kept: the next item asks again
		session.optionalSettings.catch(() => (session.optionalSettings = undefined));
	}
	return await session.optionalSettings;
}

/**
 * What Convert stores about a visitor (`{data, default}`): `/visitor-data/{sdkKey}/{visitor}` when the config is
 * read by SDK key, else `/visitor-data/{account}/{project}/{visitor}`. One request per visitor per execution.
 */
export async function loadVisitorData(
	this: ConvertContext,
	session: ConvertSession,
	visitorId: string,
	itemIndex: number,
): Promise<unknown> {
	const useKey =
		session.options.config.endpoint === 'sdkKey' ||
		(session.options.config.endpoint === 'auto' && session.sdkKey !== '');
	if (session.options.config.endpoint === 'sdkKey' && session.sdkKey === '') {
		throw new NodeOperationError(
			nodeOf(this),
			'The SDK key endpoint needs an SDK key in the Convert credential',
			{ itemIndex },
		);
	}
	const owner = useKey
		? encodeURIComponent(session.sdkKey)
		: `${session.accountId}/${session.projectId}`;
	const key = `${owner}/${visitorId}`;
	let pending = session.visitorData.get(key);
	if (!pending) {
		pending = convertRequest
			.call(this, session, {
				method: 'GET',
				url: `${session.configBaseUrl}/api/v1/visitor-data/${owner}/${encodeURIComponent(visitorId)}`,
				idempotent: true,
				subject: `the stored data of visitor "${visitorId.slice(0, 60)}"`,
				itemIndex,
			})
			.then((answer) => {
				if (typeof answer.body !== 'object' || answer.body === null || Array.isArray(answer.body)) {
					throw new NodeApiError(nodeOf(this), {} as JsonObject, {
						message: `Convert answered about the stored data of visitor "${visitorId.slice(0, 60)}" with something that is not a JSON object`,
						httpCode: String(answer.status),
						itemIndex,
					});
				}
				return answer.body;
			});
		pending.catch(() => session.visitorData.delete(key));
		session.visitorData.set(key, pending);
	}
	return await pending;
}

export interface TrackPayload {
	accountId: string;
	projectId: string;
	enrichData?: boolean;
	source?: string;
	visitors: IDataObject[];
}

/** Posts one batch of visitors and their events to the metrics endpoint. */
export async function sendTrackingBatch(
	this: IExecuteFunctions,
	session: ConvertSession,
	payload: TrackPayload,
	options: { idempotent: boolean; batchNumber: number },
): Promise<ConvertAnswer> {
	const url =
		session.sdkKey !== ''
			? `${session.metricsBaseUrl}/v1/track/${encodeURIComponent(session.sdkKey)}`
			: `${session.metricsBaseUrl}/v1/track/${session.accountId}/${session.projectId}`;
	return await convertRequest.call(this, session, {
		method: 'POST',
		url,
		body: payload,
		idempotent: options.idempotent,
		subject: `batch ${options.batchNumber} of tracking events`,
	});
}

/** Sends one visitor's events to the legacy `/track` endpoint (JSON POST, or GET with a PHP-style query). */
export async function sendLegacyTrack(
	this: IExecuteFunctions,
	session: ConvertSession,
	method: 'POST' | 'GET',
	payload: IDataObject,
	query: string,
	itemIndex: number,
	retryServerErrors: boolean,
): Promise<ConvertAnswer> {
	const url = `${session.metricsBaseUrl}/track`;
	return await convertRequest.call(this, session, {
		method,
		url: method === 'GET' ? `${url}?${query}` : url,
		body: method === 'POST' ? payload : undefined,
		idempotent: retryServerErrors,
		subject: `the events of item ${itemIndex}`,
		itemIndex,
	});
}
