/**
 * Fake Convert servers, as Convert's docs and api-notes describe them: a config CDN (default endpoint by
 * account/project, SDK-key endpoint with the key's secret as Bearer, environment filter, drafts and paused
 * experiences only with the debug token) and a metrics host (batched tracking by SDK key or by account/project,
 * the legacy /track endpoint). Like the real one, the metrics host answers 200 but records nothing when the
 * User-Agent does not start with `ConvertAgent/`, and the legacy endpoint answers 301 without a User-Agent.
 * Both record every request, so tests assert on the wire format.
 */
import { parsePhpQuery } from './phpQuery.cjs';
import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer.cjs';

export const CONVERT_SECRETS = {
	sdkKeySecret: 'convert-sdk-secret-9f3a&=x',
	debugToken: 'convert-debug-77c1b2',
};
export const CONVERT_IDS = {
	accountId: '10022898',
	projectId: '10023256',
	sdkKey: '10022898/sdkkey-abc123',
	openSdkKey: 'open-key-5',
};

export interface FakeEvent {
	visitorId: string;
	eventType: string;
	data: Record<string, unknown>;
	segments?: Record<string, unknown>;
	/** Which request (index in metrics.requests) carried it */
	request: number;
}

export interface ConvertFault {
	match: (request: RecordedRequest) => boolean;
	times: number;
	answer: FakeAnswer;
	/** Record the batch first, then answer with the fault (the server acted, the client cannot know) */
	afterProcessing?: boolean;
}

export interface ConvertFakeOptions {
	latencyMs?: number;
	/** Tracking requests per rolling second before 429 */
	trackRatePerSecond?: number;
	retryAfterSeconds?: number;
	disableDefaultConfig?: boolean;
}

export interface ConvertFake {
	config: FakeServer;
	metrics: FakeServer;
	/** The project config the CDN serves (before filtering) */
	project: Record<string, unknown> & { experiences: Array<Record<string, unknown>> };
	/** Events recorded by the tracking endpoints, in arrival order */
	events: FakeEvent[];
	/** Legacy /track calls recorded (decoded) */
	legacy: Array<Record<string, unknown>>;
	/** What the visitor-data endpoints serve, by visitor ID (a visitor not here gets empty data) */
	visitorData: Record<string, Record<string, string>>;
	/** The project's visitor-data defaults (`default` in every visitor-data answer) */
	visitorDefaults: Record<string, string>;
	/** Tracking requests answered 200 but dropped for their User-Agent */
	droppedForUserAgent: number;
	rateLimited: number;
	faults: ConvertFault[];
	options: ConvertFakeOptions;
	stop(): Promise<void>;
}

const BROWSERS = ['IE', 'CH', 'FF', 'OP', 'SF', 'OTH'];
const DEVICES = ['DESK', 'OTHDEV', 'IPAD', 'ALLTAB', 'OTHTAB', 'OTHPH', 'IPH', 'ALLPH'];
const SOURCES = ['direct', 'referral', 'search', 'campaign'];
const GOAL_DATA_KEYS = [
	'amount',
	'productsCount',
	'transactionId',
	'customDimension1',
	'customDimension2',
	'customDimension3',
	'customDimension4',
	'customDimension5',
];

export function sampleProject(): ConvertFake['project'] {
	return {
		account_id: CONVERT_IDS.accountId,
		project: {
			id: CONVERT_IDS.projectId,
			name: 'Shop & Leads',
			type: 'fullstack',
			utc_offset: 0,
			settings: { version: '1.2.3' },
			environments: {
				production: { label: 'Production', is_default: true },
				staging: { label: 'Staging', is_default: false },
			},
		},
		goals: [
			{ id: '100300', key: 'purchase', name: 'Purchase', type: 'revenue' },
			{ id: '100301', key: 'lead-form', name: 'Lead form sent', type: 'dom_interaction' },
		],
		segments: [
			{ id: '500', key: 'vip', name: 'VIP customers' },
			{ id: '501', key: 'partners', name: 'Partners' },
		],
		audiences: [{ id: '700', key: 'all', name: 'Everyone', type: 'permanent' }],
		locations: [],
		experiences: [
			{
				id: '2001',
				key: 'checkout-button',
				name: 'Checkout button',
				status: 'active',
				type: 'a/b',
				version: 3,
				environment: 'production',
				goals: ['100300'],
				variations: [
					{
						id: '3002',
						key: 'original',
						name: 'Original',
						traffic_allocation: 50,
						status: 'running',
					},
					{
						id: '3001',
						key: 'green',
						name: 'Green button',
						traffic_allocation: 50,
						status: 'running',
					},
				],
			},
			{
				id: '2002',
				key: 'pricing-page',
				name: 'Pricing page',
				status: 'active',
				type: 'a/b',
				version: 12,
				environment: 'staging',
				goals: ['100301'],
				variations: [
					{ id: '3101', key: 'control', name: 'Control', traffic_allocation: 34 },
					{
						id: '3102',
						key: 'annual-first',
						name: 'Annual first',
						traffic_allocation: 33,
						status: 'stopped',
					},
					{ id: '3103', key: 'monthly-first', name: 'Monthly first', traffic_allocation: 33 },
				],
			},
			{
				id: '2003',
				key: 'new-hero',
				name: 'New hero (draft)',
				status: 'draft',
				type: 'a/b',
				version: 3,
				variations: [
					{ id: '3201', key: 'a', name: 'A', traffic_allocation: 50 },
					{ id: '3202', key: 'b', name: 'B', traffic_allocation: 50 },
				],
			},
			{
				id: '2004',
				key: 'old-test',
				name: 'Old test (archived)',
				status: 'active',
				type: 'a/b',
				variations: [{ id: '3301', key: 'x', name: 'X', traffic_allocation: 100 }],
			},
		],
		archived_experiences: ['2004'],
		features: [],
		is_debug: false,
	};
}

/**
 * What a config of Convert's SDK 5 (Full Stack v12) adds: the pricing page (version 12, the anchored layout) holds an
 * audience with a mutual-exclusion rule, "not bucketed into the checkout button experience". Applied to a fake's
 * project by the tests that need it.
 */
export function withMutualExclusion(project: ConvertFake['project']): ConvertFake['project'] {
	const audience = {
		id: '710',
		key: 'not-in-checkout',
		name: 'Not in the checkout test',
		type: 'transient',
		rules: {
			OR: [
				{
					AND: [
						{
							OR_WHEN: [
								{
									rule_type: 'bucketed_into_experience_key',
									matching: { match_type: 'equals', negated: true },
									value: 'checkout-button',
								},
							],
						},
					],
				},
			],
		},
	};
	return {
		...project,
		audiences: [...(project.audiences as unknown[]), audience],
		experiences: project.experiences.map((e) =>
			e.key === 'pricing-page'
				? { ...e, audiences: ['710'], settings: { matching_options: { audiences: 'all' } } }
				: e,
		),
	};
}

const json = (status: number, body: unknown, headers?: Record<string, string>): FakeAnswer => ({
	status,
	body,
	headers,
});
const problem = (status: number, message: string) => json(status, { code: status, message });

/** Checks one tracking body as Convert documents it; returns the first problem, or undefined. */
function validateTrackBody(
	body: unknown,
	projectId: string,
	accountId: string,
): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return 'The body must be a JSON object';
	const b = body as Record<string, unknown>;
	if (b.accountId !== accountId) return `accountId must be "${accountId}"`;
	if (b.projectId !== projectId) return `projectId must be "${projectId}"`;
	if (b.enrichData !== undefined && typeof b.enrichData !== 'boolean')
		return 'enrichData must be a boolean';
	if (!Array.isArray(b.visitors) || b.visitors.length === 0)
		return 'visitors must be a non-empty array';
	for (const [i, v] of (b.visitors as Array<Record<string, unknown>>).entries()) {
		const at = `visitors[${i}]`;
		if (typeof v?.visitorId !== 'string' || v.visitorId === '')
			return `${at}.visitorId is required`;
		if (v.segments !== undefined) {
			const s = v.segments as Record<string, unknown>;
			if (s.browser !== undefined && !BROWSERS.includes(s.browser as string))
				return `${at}.segments.browser is not a browser code`;
			if (
				s.devices !== undefined &&
				(!Array.isArray(s.devices) || s.devices.some((d) => !DEVICES.includes(d)))
			)
				return `${at}.segments.devices has an unknown device`;
			if (s.source !== undefined && !SOURCES.includes(s.source as string))
				return `${at}.segments.source is not a source`;
			if (s.visitorType !== undefined && !['new', 'returning'].includes(s.visitorType as string))
				return `${at}.segments.visitorType must be new or returning`;
			if (s.country !== undefined && !/^[A-Z]{2}$/.test(String(s.country)))
				return `${at}.segments.country must be an ISO code`;
			if (
				s.customSegments !== undefined &&
				(!Array.isArray(s.customSegments) || s.customSegments.some((c) => typeof c !== 'string'))
			)
				return `${at}.segments.customSegments must be strings`;
		}
		if (!Array.isArray(v.events) || v.events.length === 0)
			return `${at}.events must be a non-empty array`;
		for (const [j, e] of (v.events as Array<Record<string, unknown>>).entries()) {
			const ev = `${at}.events[${j}]`;
			const data = (e?.data ?? {}) as Record<string, unknown>;
			if (e?.eventType === 'bucketing') {
				if (typeof data.experienceId !== 'string' || typeof data.variationId !== 'string')
					return `${ev}.data needs experienceId and variationId as strings`;
			} else if (e?.eventType === 'conversion') {
				if (typeof data.goalId !== 'string' || data.goalId === '')
					return `${ev}.data.goalId is required`;
				if (data.goalData !== undefined) {
					if (!Array.isArray(data.goalData)) return `${ev}.data.goalData must be an array`;
					for (const g of data.goalData as Array<Record<string, unknown>>) {
						if (!GOAL_DATA_KEYS.includes(g?.key as string))
							return `${ev}.data.goalData has an unknown key "${String(g?.key)}"`;
						if ((g.key === 'amount' || g.key === 'productsCount') && typeof g.value !== 'number')
							return `${ev}.data.goalData ${String(g.key)} must be a number`;
					}
				}
				if (
					data.bucketingData !== undefined &&
					(typeof data.bucketingData !== 'object' || Array.isArray(data.bucketingData))
				)
					return `${ev}.data.bucketingData must be an object`;
			} else {
				return `${ev}.eventType must be bucketing or conversion`;
			}
		}
	}
	return undefined;
}

export async function startConvertFake(options: ConvertFakeOptions = {}): Promise<ConvertFake> {
	const project = sampleProject();
	const events: FakeEvent[] = [];
	const legacy: Array<Record<string, unknown>> = [];
	const faults: ConvertFault[] = [];
	const window: number[] = [];
	const state = { dropped: 0, rateLimited: 0 };
	const keys: Record<string, string> = {
		[CONVERT_IDS.sdkKey]: CONVERT_SECRETS.sdkKeySecret,
		[CONVERT_IDS.openSdkKey]: '',
	};

	/** Authorizes an SDK-key request: the key's secret as Bearer, or an empty (or missing) header for a key without one. */
	const sdkKeyProblem = (request: RecordedRequest, key: string): FakeAnswer | undefined => {
		if (!(key in keys)) return problem(404, `SDK key ${key} not found`);
		const secret = keys[key];
		const header = request.headers.authorization ?? '';
		if (secret === '' ? header !== '' : header !== `Bearer ${secret}`)
			return problem(401, 'Invalid SDK key secret');
		return undefined;
	};

	const visitorData: ConvertFake['visitorData'] = {
		'visitor-known': { country: 'DE', visitorType: 'returning', plan: 'pro' },
	};
	const visitorDefaults: ConvertFake['visitorDefaults'] = { visitorType: 'new' };

	/**
	 * `/visitor-data/{account}/{project}/{visitor}` or `/visitor-data/{sdkKey}/{visitor}` (Convert's OpenAPI):
	 * `{data, default}`, both string maps. Path segments are decoded one by one, so a key or visitor with a slash
	 * stays one segment.
	 */
	const visitorDataAnswer = (request: RecordedRequest): FakeAnswer | undefined => {
		const prefix = '/api/v1/visitor-data/';
		if (!request.path.startsWith(prefix)) return undefined;
		const parts = request.path.slice(prefix.length).split('/').map(decodeURIComponent);
		let visitorId: string;
		if (parts.length === 3 && /^\d+$/.test(parts[0]) && /^\d+$/.test(parts[1])) {
			if (parts[0] !== CONVERT_IDS.accountId || parts[1] !== CONVERT_IDS.projectId)
				return problem(404, 'Project not found');
			visitorId = parts[2];
		} else if (parts.length === 2) {
			const denied = sdkKeyProblem(request, parts[0]);
			if (denied) return denied;
			visitorId = parts[1];
		} else {
			return problem(404, 'Not found');
		}
		if (visitorId === '') return problem(400, 'visitor_id is required');
		return json(200, { data: visitorData[visitorId] ?? {}, default: visitorDefaults });
	};

	const servedConfig = (request: RecordedRequest): FakeAnswer => {
		const token =
			(request.headers['convert-debug-token'] as string | undefined) ?? request.query.debug_token;
		if (token !== undefined && token !== CONVERT_SECRETS.debugToken)
			return problem(403, 'Invalid or expired debug token');
		const debug = token === CONVERT_SECRETS.debugToken;
		const environment = request.query.environment;
		const environments = Object.keys((project.project as { environments: object }).environments);
		if (environment !== undefined && !environments.includes(environment))
			return problem(400, `Unknown environment "${environment}"`);
		// `exp`: the config scoped to one experience, as Convert's SDK (from 5.0) reads a preview's
		const scoped = request.query.exp;
		const experiences = project.experiences
			.filter((e) => scoped === undefined || String(e.id) === scoped)
			.filter((e) => debug || e.status === 'active')
			.filter((e) => !environment || !e.environment || e.environment === environment);
		return json(200, {
			...structuredClone(project),
			experiences: structuredClone(experiences),
			is_debug: debug,
		});
	};

	const configHandler = (request: RecordedRequest): FakeAnswer => {
		const fault = faults.find((f) => f.times > 0 && f.match(request));
		if (fault) {
			fault.times--;
			return fault.answer;
		}
		if (request.method !== 'GET') return problem(405, 'Method not allowed');
		const visitorAnswer = visitorDataAnswer(request);
		if (visitorAnswer) return visitorAnswer;
		const path = decodeURIComponent(request.path);
		let m = /^\/api\/v1\/project-optional-settings\/(\d+)\/(\d+)$/.exec(path);
		if (m) {
			if (m[1] !== CONVERT_IDS.accountId || m[2] !== CONVERT_IDS.projectId)
				return problem(404, 'Project not found');
			// ConfigOptionalResponseData: account, project, visitor insights
			return json(200, {
				account_id: m[1],
				project_id: m[2],
				visitor_insights: { tracking_id: 'vi-7731', sampling_rate: 25 },
			});
		}
		m = /^\/api\/v1\/project-settings\/(\d+)\/(\d+)$/.exec(path);
		if (m) {
			if (m[1] !== CONVERT_IDS.accountId || m[2] !== CONVERT_IDS.projectId)
				return problem(404, 'Project not found');
			return json(200, {
				account_id: m[1],
				project_id: m[2],
				include_jquery: true,
				include_jquery_v1: false,
				disable_spa_functionality: false,
				version: '1.2.3',
				tracking_script: { current_version: '1.2.3', latest_version: '1.3.0' },
			});
		}
		m = /^\/api\/v1\/config\/(\d+)\/(\d+)$/.exec(path);
		if (m) {
			if (m[1] !== CONVERT_IDS.accountId || m[2] !== CONVERT_IDS.projectId)
				return problem(404, 'Project not found');
			if (options.disableDefaultConfig)
				return problem(
					403,
					'The default config endpoint is disabled for this project; use an SDK key',
				);
			return servedConfig(request);
		}
		m = /^\/api\/v1\/config\/(.+)$/.exec(path);
		if (m) return sdkKeyProblem(request, m[1]) ?? servedConfig(request);
		return { status: 404, raw: '<html><body><h1>404 Not Found</h1></body></html>' };
	};

	const metricsHandler = (request: RecordedRequest): FakeAnswer => {
		const ua = String(request.headers['user-agent'] ?? '');
		if (request.path === '/track') {
			if (ua === '')
				return {
					status: 301,
					raw: '<html>Moved Permanently</html>',
					headers: { Location: 'https://www.convert.com/' },
				};
			let body: Record<string, unknown>;
			if (request.method === 'GET') body = parsePhpQuery(request.rawQuery);
			else {
				try {
					body = JSON.parse(request.rawBody) as Record<string, unknown>;
				} catch {
					return problem(400, 'The body is not JSON');
				}
			}
			if (body.cid !== CONVERT_IDS.accountId || body.pid !== CONVERT_IDS.projectId)
				return problem(400, 'cid and pid must name the project');
			if (typeof body.vid !== 'string' || body.vid === '') return problem(400, 'vid is required');
			if (typeof body.ev !== 'object' || body.ev === null) return problem(400, 'ev is required');
			if (ua.startsWith('ConvertAgent/')) legacy.push({ method: request.method, ...body });
			else state.dropped++;
			return json(200, { code: 200, message: 'OK' });
		}
		if (request.method !== 'POST') return problem(405, 'Method not allowed');
		const now = request.receivedAt;
		while (window.length && window[0] <= now - 1000) window.shift();
		if (options.trackRatePerSecond !== undefined && window.length >= options.trackRatePerSecond) {
			state.rateLimited++;
			return json(
				429,
				{ code: 429, message: 'Too many requests' },
				options.retryAfterSeconds !== undefined
					? { 'Retry-After': String(options.retryAfterSeconds) }
					: undefined,
			);
		}
		window.push(now);
		const fault = faults.find((f) => f.times > 0 && f.match(request));
		if (fault && !fault.afterProcessing) {
			fault.times--;
			return fault.answer;
		}
		const path = decodeURIComponent(request.path);
		let m = /^\/v1\/track\/(\d+)\/(\d+)$/.exec(path);
		if (m) {
			if (m[1] !== CONVERT_IDS.accountId || m[2] !== CONVERT_IDS.projectId)
				return problem(404, 'Project not found');
		} else {
			m = /^\/v1\/track\/(.+)$/.exec(path);
			if (!m) return problem(404, 'Not found');
			const denied = sdkKeyProblem(request, m[1]);
			if (denied) return denied;
		}
		let body: unknown;
		try {
			body = JSON.parse(request.rawBody);
		} catch {
			return problem(400, 'The body is not JSON');
		}
		const invalid = validateTrackBody(body, CONVERT_IDS.projectId, CONVERT_IDS.accountId);
		if (invalid) return problem(400, invalid);
		if (!ua.startsWith('ConvertAgent/')) {
			// Convert's bot filter: the answer is the same, the events are gone
			state.dropped++;
			return json(200, { code: 200, message: 'OK' });
		}
		const index = metrics.requests.indexOf(request);
		for (const visitor of (body as { visitors: Array<Record<string, unknown>> }).visitors) {
			for (const event of visitor.events as Array<Record<string, unknown>>) {
				events.push({
					visitorId: visitor.visitorId as string,
					eventType: event.eventType as string,
					data: event.data as Record<string, unknown>,
					segments: visitor.segments as Record<string, unknown> | undefined,
					request: index,
				});
			}
		}
		if (fault?.afterProcessing) {
			fault.times--;
			return fault.answer;
		}
		return json(200, { code: 200, message: 'OK' });
	};

	const latency = { latencyMs: () => options.latencyMs ?? 0 };
	const config = await startFakeServer(configHandler, latency);
	const metrics = await startFakeServer(metricsHandler, latency);
	return {
		config,
		metrics,
		project,
		events,
		legacy,
		faults,
		options,
		visitorData,
		visitorDefaults,
		get droppedForUserAgent() {
			return state.dropped;
		},
		get rateLimited() {
			return state.rateLimited;
		},
		async stop() {
			await Promise.all([config.stop(), metrics.stop()]);
		},
	};
}
