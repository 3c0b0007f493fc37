/**
 * A fake Convertr publisher API that behaves as the vendor's docs and the project's api-notes say:
 * both token grants, expiring tokens, forms and links per campaign, lead creation with Convertr's 400 / 403 /
 * 404 bodies, lead results, a rolling-window rate limit with 429, and injectable faults. Every request is
 * recorded so tests assert on the wire format.
 */
import { type Decoded, parsePhpQuery } from './phpQuery.cjs';
import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer.cjs';

export const CONVERTR_SECRETS = {
	clientId: '4_client-id-for-tests',
	clientSecret: 'client-secret-5f0c9e1b7a',
	apiKey: 'api-key-93b1c0d2e4f6',
	username: 'publisher@example.com',
	password: 'p@ss w0rd&=[]',
	publisherId: '77',
	/** Campaign 100's API key (Convertr's Campaign Webhook); campaign N's is this with `-N` after it */
	campaignApiKey: 'campaign-key-7c41e9a2',
};

/** A campaign's API key, as the fake holds them */
export const campaignKeyOf = (campaignId: number): string =>
	campaignId === 100
		? CONVERTR_SECRETS.campaignApiKey
		: `${CONVERTR_SECRETS.campaignApiKey}-${campaignId}`;

/** Fields the Campaign Webhook's v2 field list marks hidden (as a campaign's hidden tracking fields) */
const HIDDEN_FIELDS = ['form[promotion]'];

export interface FakeForm {
	formId: number;
	formName: string;
	/** Convertr keys, `form[submit]` included, as the fields endpoint lists them */
	fields: string[];
	/** Keys that must not be blank (Convertr checks them on submit; the fields endpoint does not say) */
	required: string[];
}

export interface FakeCampaign {
	id: number;
	state: 'live' | 'notStarted' | 'fulfilled';
	forms: FakeForm[];
	links: Array<{ id: number; name: string; channel: string; destination: string }>;
}

export interface StoredLead {
	id: number;
	publisherId: string;
	formId: number;
	linkId?: number;
	form: Record<string, Decoded>;
	result: { status: 202 } | { status: 200; body: unknown };
}

export interface Fault {
	match: (request: RecordedRequest) => boolean;
	/** How many matching requests get the fault */
	times: number;
	answer: FakeAnswer;
	/** For lead posts: store the lead first, then answer with the fault (the server acted) */
	afterProcessing?: boolean;
}

export interface ConvertrFakeOptions {
	tokenLifetimeMs?: number;
	/** HTTP status of an `invalid_client` refusal: 400 as FOSOAuthServerBundle answers, 401 as RFC 6749 allows */
	invalidClientStatus?: 400 | 401;
	/** Listen on this port (a test that refuses connections first, then starts the fake on the same port) */
	port?: number;
	rateLimit?: { max: number; windowMs: number; retryAfter: boolean };
	tokenRateLimit?: { max: number; windowMs: number };
	/** Convertr's own limit on lead-result calls (1,400 per 5 minutes), apart from the general one */
	leadResultRateLimit?: { max: number; windowMs: number };
	latencyMs?: number;
	/** Serve form fields as `{name, required}` objects (the shape the node reads defensively; *unconfirmed* at Convertr) */
	fieldsAsObjects?: boolean;
}

export interface ConvertrFake extends FakeServer {
	campaigns: FakeCampaign[];
	leads: StoredLead[];
	tokensIssued: string[];
	faults: Fault[];
	options: ConvertrFakeOptions;
	leadPosts(): RecordedRequest[];
	tokenRequests(): RecordedRequest[];
	/** Makes every token issued so far expire now */
	expireAllTokens(): void;
}

export function defaultCampaigns(): FakeCampaign[] {
	const links = [
		{
			id: 25,
			name: 'acme-campaign-email',
			channel: 'Email',
			destination: 'https://convertrforms.cvtr.io/acme-campaign-email',
		},
		{
			id: 26,
			name: 'acme-campaign-social',
			channel: 'Social',
			destination: 'https://convertrforms.cvtr.io/acme-campaign-social',
		},
		{
			id: 30,
			name: 'acme-campaign-display',
			channel: 'Display',
			destination: 'https://convertrforms.cvtr.io/acme-campaign-display?template=1&wp=4',
		},
	];
	const simple: FakeForm = {
		formId: 35,
		formName: 'Acme Campaign - Simple Form',
		fields: ['form[firstName]', 'form[email]', 'form[lastName]', 'form[submit]'],
		required: ['form[email]'],
	};
	const advanced: FakeForm = {
		formId: 23,
		formName: 'Acme Campaign - Advanced Form',
		fields: [
			'form[promotion]',
			'form[title]',
			'form[firstName]',
			'form[lastName]',
			'form[email]',
			'form[lookup][addressLine1]',
			'form[lookup][addressLine2]',
			'form[lookup][addressLine3]',
			'form[lookup][addressLine4]',
			'form[lookup][postcode]',
			'form[telephone][countryCode]',
			'form[telephone][telephone]',
			'form[submit]',
		],
		required: ['form[firstName]', 'form[lastName]', 'form[email]'],
	};
	return [
		{ id: 100, state: 'live', forms: [simple, advanced], links },
		{ id: 200, state: 'notStarted', forms: [{ ...simple, formId: 41 }], links: [] },
		{ id: 300, state: 'fulfilled', forms: [{ ...simple, formId: 51 }], links: [] },
	];
}

function flattenDecoded(
	value: Decoded,
	prefix: string,
	into: Record<string, string>,
): Record<string, string> {
	if (typeof value === 'string') into[prefix] = value;
	else for (const [k, v] of Object.entries(value)) flattenDecoded(v, `${prefix}[${k}]`, into);
	return into;
}

export async function startConvertrFake(options: ConvertrFakeOptions = {}): Promise<ConvertrFake> {
	const campaigns = defaultCampaigns();
	const leads: StoredLead[] = [];
	const tokens = new Map<string, number>();
	const tokensIssued: string[] = [];
	const faults: Fault[] = [];
	const windowHits: number[] = [];
	const tokenHits: number[] = [];
	let nextLeadId = 367086;
	const leadResultHits: number[] = [];
	let tokenCounter = 0;

	const json = (status: number, body: unknown, headers?: Record<string, string>): FakeAnswer => ({
		status,
		body,
		headers,
	});

	function rateLimited(
		hits: number[],
		limit: { max: number; windowMs: number } | undefined,
		retryAfter: boolean,
	): FakeAnswer | undefined {
		if (!limit) return undefined;
		const now = Date.now();
		while (hits.length && hits[0] <= now - limit.windowMs) hits.shift();
		if (hits.length >= limit.max) {
			const waitS = Math.max(1, Math.ceil((hits[0] + limit.windowMs - now) / 1000));
			return json(
				429,
				{ code: 429, message: 'API rate limit exceeded' },
				retryAfter ? { 'Retry-After': String(waitS) } : undefined,
			);
		}
		hits.push(now);
		return undefined;
	}

	function issueToken(params: Record<string, string>): FakeAnswer {
		const limited = rateLimited(tokenHits, options.tokenRateLimit, true);
		if (limited) return limited;
		const s = CONVERTR_SECRETS;
		if (params.client_id !== s.clientId || params.client_secret !== s.clientSecret) {
			return json(options.invalidClientStatus ?? 400, {
				error: 'invalid_client',
				error_description: 'The client credentials are invalid',
			});
		}
		if (params.grant_type === 'password') {
			if (
				params.username !== s.username ||
				params.password !== s.password ||
				params.api_key !== s.apiKey
			) {
				return json(400, {
					error: 'invalid_grant',
					error_description: 'Invalid username and password combination',
				});
			}
		} else if (params.grant_type === 'https://convertr.cvtr.io/grants/api_key') {
			if (params.api_key !== s.apiKey)
				return json(400, { error: 'invalid_grant', error_description: 'Invalid API key.' });
		} else {
			return json(400, {
				error: 'unsupported_grant_type',
				error_description: 'Invalid grant_type parameter or parameter missing',
			});
		}
		const lifetime = options.tokenLifetimeMs ?? 3_600_000;
		const token = `tok${++tokenCounter}_${Math.random().toString(36).slice(2, 12)}`;
		tokens.set(token, Date.now() + lifetime);
		tokensIssued.push(token);
		return json(200, {
			access_token: token,
			expires_in: Math.round(lifetime / 1000),
			token_type: 'bearer',
			scope: null,
			refresh_token: `refresh_${token}`,
		});
	}

	function tokenProblem(request: RecordedRequest): FakeAnswer | undefined {
		const token = request.query.access_token;
		if (!token)
			return json(401, {
				error: 'access_denied',
				error_description: 'OAuth2 authentication required',
			});
		const expiresAt = tokens.get(token);
		if (expiresAt === undefined)
			return json(401, {
				error: 'invalid_grant',
				error_description: 'The access token provided is invalid.',
			});
		if (expiresAt <= Date.now())
			return json(401, {
				error: 'invalid_grant',
				error_description: 'The access token provided has expired.',
			});
		return undefined;
	}

	function findForm(formId: number) {
		for (const campaign of campaigns) {
			const form = campaign.forms.find((f) => f.formId === formId);
			if (form) return { campaign, form };
		}
		return undefined;
	}

	function createLead(
		request: RecordedRequest,
		m: RegExpExecArray,
	): { answer: FakeAnswer; stored?: StoredLead } {
		const [, publisherId, formIdText, linkIdText] = m;
		if (publisherId !== CONVERTR_SECRETS.publisherId)
			return { answer: json(404, { code: 404, message: 'Publisher not found' }) };
		const found = findForm(Number(formIdText));
		if (!found) return { answer: json(404, { code: 404, message: 'Form not found' }) };
		const { campaign, form } = found;
		if (linkIdText !== undefined && !campaign.links.some((l) => l.id === Number(linkIdText))) {
			return { answer: json(404, { code: 404, message: 'Link not found' }) };
		}
		if (campaign.state === 'notStarted')
			return { answer: json(403, { code: 403, message: 'Campaign has not started yet' }) };
		if (campaign.state === 'fulfilled')
			return { answer: json(403, { code: 403, message: 'Campaign is fulfilled' }) };
		const contentType = String(request.headers['content-type'] ?? '');
		if (!contentType.startsWith('application/x-www-form-urlencoded')) {
			return {
				answer: json(400, {
					code: 400,
					message: 'Validation Failed',
					errors: { errors: ['This form should not contain extra fields.'], children: {} },
				}),
			};
		}
		const decoded = parsePhpQuery(request.rawBody);
		const formData = typeof decoded.form === 'object' ? decoded.form : {};
		const flat = flattenDecoded(formData, 'form', {});
		const topLevel = Object.keys(decoded).filter((k) => k !== 'form');
		const extra = [...Object.keys(flat).filter((k) => !form.fields.includes(k)), ...topLevel];
		const children: Record<string, unknown> = {};
		for (const key of form.fields) {
			if (key === 'form[submit]') continue;
			const path = key.slice(5, -1).split('][');
			const blank = form.required.includes(key) && (flat[key] ?? '').trim() === '';
			let branch = children;
			for (const segment of path.slice(0, -1)) {
				const next = (branch[segment] ?? { children: {} }) as { children: Record<string, unknown> };
				branch[segment] = next;
				branch = next.children;
			}
			branch[path[path.length - 1]] = blank ? { errors: ['This value should not be blank.'] } : [];
		}
		const missing = form.required.filter((k) => (flat[k] ?? '').trim() === '');
		if (extra.length || missing.length || flat['form[submit]'] === undefined) {
			return {
				answer: json(400, {
					code: 400,
					message: 'Validation Failed',
					errors: {
						errors: extra.length ? ['This form should not contain extra fields.'] : [],
						children,
					},
				}),
			};
		}
		const lead: StoredLead = {
			id: nextLeadId++,
			publisherId,
			formId: form.formId,
			linkId: linkIdText === undefined ? undefined : Number(linkIdText),
			form: formData as Record<string, Decoded>,
			result: { status: 202 },
		};
		leads.push(lead);
		return {
			answer: json(201, { data: lead.id, message: 'Lead was created successfully', status: 201 }),
			stored: lead,
		};
	}

	const notFoundPage: FakeAnswer = {
		status: 404,
		raw: '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
	};

	/**
	 * Convertr's Campaign Webhook, as its help centre documents it: the campaign's key in `apikey`, no token; the v2
	 * field list with `hidden` and `required` (the older one lists keys); links; lead posts answered 201, or 401
	 * "Access denied.", 403 for a campaign that is not live, a 404 page for a wrong campaign, form or link, 404
	 * "Publisher not found", 400 "Validation failed" with `data[{fieldName, message}]`.
	 */
	function campaignWebhook(request: RecordedRequest): FakeAnswer | undefined {
		const m =
			/^\/webhook\/campaign\/(?:(v2)\/)?(\d+)\/(global-form\/fields|links|global-form\/(\d+)\/leads)$/.exec(
				request.path,
			);
		if (!m) return request.path.startsWith('/webhook/') ? notFoundPage : undefined;
		const [, v2, campaignIdText, route, formIdText] = m;
		const campaign = campaigns.find((c) => c.id === Number(campaignIdText));
		if (!campaign) return notFoundPage;
		if (request.query.apikey !== campaignKeyOf(campaign.id))
			return json(401, { code: 401, message: 'Access denied.' });
		if (route === 'links' && request.method === 'GET' && !v2) return json(200, campaign.links);
		if (route === 'global-form/fields' && request.method === 'GET')
			return json(
				200,
				campaign.forms.map((f) => ({
					formName: f.formName,
					formId: f.formId,
					fields: v2
						? f.fields.map((key) => ({
								key,
								hidden: HIDDEN_FIELDS.includes(key),
								required: f.required.includes(key),
							}))
						: f.fields,
				})),
			);
		if (formIdText === undefined || request.method !== 'POST' || v2) return notFoundPage;
		const form = campaign.forms.find((f) => f.formId === Number(formIdText));
		if (!form) return notFoundPage;
		const linkId = request.query.campaignLinkId;
		if (linkId && !campaign.links.some((l) => String(l.id) === linkId)) return notFoundPage;
		const publisherId = request.query.publisherId;
		if (publisherId !== undefined && publisherId !== CONVERTR_SECRETS.publisherId)
			return json(404, { code: 404, message: 'Publisher not found' });
		if (campaign.state !== 'live')
			return json(403, { code: 403, message: 'Campaign is not active.' });
		const decoded = parsePhpQuery(request.rawBody);
		const formData = typeof decoded.form === 'object' ? decoded.form : {};
		const flat = flattenDecoded(formData, 'form', {});
		const extra = Object.keys(flat).filter((k) => !form.fields.includes(k));
		const blank = form.required.filter((k) => (flat[k] ?? '').trim() === '');
		if (extra.length || blank.length)
			return json(400, {
				code: 400,
				message: 'Validation failed',
				data: [
					...(extra.length ? [{ message: 'This form should not contain extra fields.' }] : []),
					...blank.map((fieldName) => ({ fieldName, message: '' })),
				],
			});
		const lead: StoredLead = {
			id: nextLeadId++,
			publisherId: publisherId ?? '',
			formId: form.formId,
			linkId: linkId ? Number(linkId) : undefined,
			form: formData as Record<string, Decoded>,
			result: { status: 202 },
		};
		leads.push(lead);
		return json(201, { code: 201, message: 'Lead was created successfully', data: lead.id });
	}

	const handler = (request: RecordedRequest): FakeAnswer => {
		const fault = faults.find((f) => f.times > 0 && f.match(request));
		if (fault && !fault.afterProcessing) {
			fault.times--;
			return fault.answer;
		}
		const limited = rateLimited(
			windowHits,
			options.rateLimit,
			options.rateLimit?.retryAfter ?? true,
		);
		if (limited) return limited;

		if (request.path === '/oauth/v2/token') {
			const params =
				request.method === 'POST'
					? (Object.fromEntries(new URLSearchParams(request.rawBody)) as Record<string, string>)
					: request.query;
			return issueToken(params);
		}
		const webhook = campaignWebhook(request);
		if (webhook) return webhook;
		const denied = tokenProblem(request);
		if (denied) return denied;

		let m = /^\/api\/v2\/publisher\/(fields|links)\/(\d+)$/.exec(request.path);
		if (m && request.method === 'GET') {
			const campaign = campaigns.find((c) => c.id === Number(m![2]));
			if (!campaign) return json(404, { code: 404, message: 'Campaign not found' });
			if (m[1] === 'links') return json(200, campaign.links);
			return json(
				200,
				campaign.forms.map((f) => ({
					fields: options.fieldsAsObjects
						? f.fields.map((name) => ({ name, required: f.required.includes(name) }))
						: f.fields,
					formId: f.formId,
					formName: f.formName,
				})),
			);
		}
		m = /^\/api\/v2\.1\/publisher\/(\d+)\/forms\/(\d+)(?:\/links\/(\d+))?\/leads$/.exec(
			request.path,
		);
		if (m && request.method === 'POST') {
			const { answer, stored } = createLead(request, m);
			if (fault && fault.afterProcessing && stored) {
				fault.times--;
				return fault.answer;
			}
			return answer;
		}
		m = /^\/api\/v2\.1\/publisher\/(\d+)\/lead-result\/(\d+)$/.exec(request.path);
		if (m && request.method === 'GET') {
			const resultLimited = rateLimited(leadResultHits, options.leadResultRateLimit, true);
			if (resultLimited) return resultLimited;
			if (m[1] !== CONVERTR_SECRETS.publisherId)
				return json(404, { code: 404, message: 'Publisher not found' });
			const lead = leads.find((l) => l.id === Number(m![2]));
			if (!lead) return json(404, { code: 404, message: 'Lead not found' });
			if (lead.result.status === 202) return { status: 202, raw: '' };
			return lead.result.body === '' ? { status: 200, raw: '' } : json(200, lead.result.body);
		}
		return json(404, { code: 404, message: 'No route found' });
	};

	const server = await startFakeServer(handler, {
		latencyMs: () => options.latencyMs ?? 0,
		port: options.port,
	});
	return {
		...server,
		campaigns,
		leads,
		tokensIssued,
		faults,
		options,
		leadPosts: () =>
			server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/leads')),
		tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/v2/token'),
		expireAllTokens() {
			for (const token of tokens.keys()) tokens.set(token, 0);
		},
	};
}
