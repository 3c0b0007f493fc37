/**
 * A fake Kartra API (`POST /api`, PHP-style form bodies) that behaves as Kartra's documentation says:
 * every answer HTTP 200 with `status` Success/Error and a numeric `type`, credentials in the body, one lead per
 * call with chained actions, account look-ups, the documented error types, and a 20-calls-per-second limit
 * answered with HTTP 429. It records every decoded body, so tests assert on the wire format.
 */
import { type Decoded, parsePhpQuery } from './phpQuery';
import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer';

export const KARTRA_SECRETS = {
	appId: 'AppIdForTests01',
	apiKey: 'kartra-key-7e2f1a9c',
	apiPassword: 'kartra-pass-&=[]-42',
};
/**
 * A second Kartra account that uses the same App (an agency's second client). Kartra counts its rate limit per
 * App, so both accounts' calls share one limit. The fake keeps one lead store for both: tests that use this
 * account look at the rate only.
 */
export const KARTRA_SECOND_ACCOUNT = {
	apiKey: 'kartra-key-second-5b3d',
	apiPassword: 'kartra-pass-second-9e1',
};

export interface FakeCustomField {
	field_id: string;
	field_identifier: string;
	field_type: 'input_field' | 'text_area' | 'drop_down' | 'radio_button' | 'checkbox';
	options: Array<{ option_id: string; option_value: string }>;
}

export interface FakeKartraLead {
	id: string;
	email: string;
	fields: Record<string, string>;
	custom: Record<string, string | string[]>;
	tags: string[];
	lists: string[];
	sequences: Array<{ name: string; step: string; status: string }>;
	points: number;
	calendars: Array<{ calendar: string; className: string; status: string }>;
	deleted: boolean;
}

export interface KartraFakeOptions {
	/** Calls per rolling second before HTTP 429 */
	ratePerSecond?: number;
	latencyMs?: number;
	/** Commands the app may not run (answered with type 262) */
	deniedCommands?: string[];
	/** Leads the account holds from the start (the sandbox's sample lead, so that every example runs in any order) */
	seedLeads?: Array<{ email: string; firstName?: string }>;
}

export interface KartraFault {
	match: (request: RecordedRequest, body: Record<string, Decoded>) => boolean;
	times: number;
	answer: FakeAnswer;
	afterProcessing?: boolean;
}

export interface KartraFake extends FakeServer {
	leads: FakeKartraLead[];
	account: {
		tags: string[];
		lists: string[];
		sequences: Record<string, string[]>;
		calendars: Record<string, string[]>;
		customFields: FakeCustomField[];
	};
	/** Decoded bodies of the calls that passed the rate limit, in order, credentials removed */
	calls: Array<Record<string, Decoded>>;
	/** Calls answered 429 */
	rateLimited: number;
	faults: KartraFault[];
	/** The most calls that started within any one second */
	peakPerSecond(): number;
	leadByEmail(email: string): FakeKartraLead | undefined;
}

const ok = (body: object): FakeAnswer => ({ status: 200, body: { status: 'Success', ...body } });
const error = (message: string, type: string, extra: object = {}): FakeAnswer => ({
	status: 200,
	body: { status: 'Error', message, type, ...extra },
});

type ActionResult = {
	status: 'Success' | 'Error';
	message?: string;
	type?: string;
	lead_details?: { id: string };
};

export async function startKartraFake(options: KartraFakeOptions = {}): Promise<KartraFake> {
	const account: KartraFake['account'] = {
		tags: ['VIP', 'Newsletter', 'Buyer & Co'],
		lists: ['Main List', 'Webinar [2026]'],
		sequences: { Onboarding: ['1', '2', '3'], 'Win Back': ['1', 'A2'] },
		calendars: { 'First calendar': ['First class', 'Second class'] },
		customFields: [
			{
				field_id: '323',
				field_identifier: 'color',
				field_type: 'checkbox',
				options: [
					{ option_id: '1', option_value: 'red' },
					{ option_id: '2', option_value: 'blue' },
					{ option_id: '3', option_value: 'green & gold' },
				],
			},
			{
				field_id: '324',
				field_identifier: 'gender',
				field_type: 'drop_down',
				options: [
					{ option_id: '11', option_value: 'male' },
					{ option_id: '12', option_value: 'female' },
				],
			},
			{
				field_id: '325',
				field_identifier: 'favorite_dish',
				field_type: 'input_field',
				options: [],
			},
			{ field_id: '326', field_identifier: 'bio', field_type: 'text_area', options: [] },
			{
				field_id: '327',
				field_identifier: 'plan',
				field_type: 'radio_button',
				options: [
					{ option_id: '21', option_value: 'basic' },
					{ option_id: '22', option_value: 'pro' },
				],
			},
		],
	};
	const leads: FakeKartraLead[] = (options.seedLeads ?? []).map((seed, i): FakeKartraLead => ({
		id: String(900 + i),
		email: seed.email,
		fields: seed.firstName ? { first_name: seed.firstName } : ({} as Record<string, string>),
		custom: {},
		tags: [],
		lists: [],
		sequences: [],
		points: 0,
		calendars: [],
		deleted: false,
	}));
	const calls: Array<Record<string, Decoded>> = [];
	const faults: KartraFault[] = [];
	const window: number[] = [];
	let nextId = 1000;
	const state = { rateLimited: 0 };

	const findLead = (ident: Record<string, Decoded>): FakeKartraLead | undefined => {
		const id = typeof ident.id === 'string' ? ident.id : undefined;
		const email = typeof ident.email === 'string' ? ident.email.toLowerCase() : undefined;
		if (id) return leads.find((l) => l.id === id);
		return email ? leads.find((l) => l.email.toLowerCase() === email) : undefined;
	};

	const PROFILE = [
		'first_name',
		'middle_name',
		'last_name',
		'last_name2',
		'phone',
		'phone_country_code',
		'ip',
		'address',
		'zip',
		'city',
		'state',
		'country',
		'company',
		'lead_picture',
		'website',
		'facebook',
		'twitter',
		'linkedin',
		'lead_preferred_time_zone',
		'sales_tax_id',
		'business_type',
	];

	/** Applies lead fields and custom fields; returns an error answer when the custom fields are malformed. */
	function applyFields(
		lead: FakeKartraLead,
		data: Record<string, Decoded>,
	): ActionResult | undefined {
		for (const key of PROFILE)
			if (typeof data[key] === 'string') lead.fields[key] = data[key] as string;
		if (data.custom_fields === undefined) return undefined;
		if (typeof data.custom_fields !== 'object')
			return { status: 'Error', message: 'Wrong custom field format', type: '271' };
		for (const entry of Object.values(data.custom_fields)) {
			if (typeof entry !== 'object' || typeof entry.field_identifier !== 'string')
				return { status: 'Error', message: 'Wrong custom field format', type: '271' };
			const def = account.customFields.find((f) => f.field_identifier === entry.field_identifier);
			if (!def) continue; // documented: unknown identifiers are ignored
			const value = entry.field_value ?? '';
			if (value === '') {
				delete lead.custom[def.field_identifier];
				continue;
			}
			const optionIds = def.options.map((o) => o.option_id);
			if (def.field_type === 'input_field' || def.field_type === 'text_area') {
				if (typeof value !== 'string')
					return { status: 'Error', message: 'Wrong custom field format', type: '271' };
				lead.custom[def.field_identifier] = value;
			} else if (def.field_type === 'checkbox') {
				const ids = typeof value === 'object' ? Object.values(value) : [value];
				if (ids.some((v) => typeof v !== 'string' || !optionIds.includes(v)))
					return { status: 'Error', message: 'Wrong custom field format', type: '271' };
				lead.custom[def.field_identifier] = ids as string[];
			} else {
				if (typeof value !== 'string' || !optionIds.includes(value))
					return { status: 'Error', message: 'Wrong custom field format', type: '271' };
				lead.custom[def.field_identifier] = value;
			}
		}
		return undefined;
	}

	function runAction(lead: FakeKartraLead, a: Record<string, Decoded>): ActionResult {
		const text = (key: string) => (typeof a[key] === 'string' ? (a[key] as string).trim() : '');
		const fail = (message: string, type: string): ActionResult => ({
			status: 'Error',
			message,
			type,
		});
		const done = (message: string, type: string): ActionResult => ({
			status: 'Success',
			message,
			type,
		});
		switch (a.cmd) {
			case 'assign_tag':
				if (!text('tag_name')) return fail('Tag cannot be empty', '211');
				if (!account.tags.includes(text('tag_name'))) return fail('Tag does not exist', '212');
				if (!lead.tags.includes(text('tag_name'))) lead.tags.push(text('tag_name'));
				return done('Tag added to lead', '103');
			case 'unassign_tag':
				if (!text('tag_name')) return fail('Tag cannot be empty', '213');
				if (!account.tags.includes(text('tag_name'))) return fail('Tag does not exist', '214');
				lead.tags = lead.tags.filter((t) => t !== text('tag_name'));
				return done('Tag removed from lead', '104');
			case 'subscribe_lead_to_list':
				if (!text('list_name')) return fail('List cannot be empty', '207');
				if (!account.lists.includes(text('list_name'))) return fail('List does not exist', '231');
				if (!lead.lists.includes(text('list_name'))) lead.lists.push(text('list_name'));
				return done('Lead subscribed to list', '101');
			case 'unsubscribe_lead_from_list':
				if (!text('list_name')) return fail('List cannot be empty', '208');
				if (!account.lists.includes(text('list_name'))) return fail('List does not exist', '209');
				lead.lists = lead.lists.filter((l) => l !== text('list_name'));
				return done('Lead unsubscribed from list', '102');
			case 'give_points_to_lead':
			case 'remove_points_from_lead': {
				const give = a.cmd === 'give_points_to_lead';
				if (!text('points')) return fail('Points cannot be empty', give ? '215' : '217');
				if (!/^\d+$/.test(text('points')))
					return fail('Points is not a number', give ? '227' : '228');
				lead.points += (give ? 1 : -1) * Number(text('points'));
				return done(
					give ? 'Points given to lead' : 'Points removed from lead',
					give ? '105' : '106',
				);
			}
			case 'subscribe_lead_to_sequence_at_step': {
				if (!text('sequence_name')) return fail('Sequence cannot be empty', '226');
				if (!text('step')) return fail('Step cannot be empty', '225');
				const steps = account.sequences[text('sequence_name')];
				if (!steps) return fail('Sequence does not exist', '219');
				if (!/^[A-Za-z0-9]+$/.test(text('step'))) return fail('Step has to be alphanumeric', '229');
				if (!steps.includes(text('step'))) return fail('Step does not exist', '230');
				lead.sequences.push({ name: text('sequence_name'), step: text('step'), status: 'active' });
				return done('Lead added to sequence', '107');
			}
			case 'unsubscribe_lead_from_sequence':
				if (!text('sequence_name')) return fail('Sequence cannot be empty', '226');
				if (!account.sequences[text('sequence_name')])
					return fail('Sequence does not exist', '220');
				for (const s of lead.sequences)
					if (s.name === text('sequence_name')) s.status = 'unsubscribed';
				return done('Lead removed from sequence', '108');
			case 'calendar_subscribe':
			case 'calendar_cancel': {
				if (!text('calendar_name')) return fail('Calendar cannot be empty', '255');
				if (!text('class_name')) return fail('Class cannot be empty', '256');
				const classes = account.calendars[text('calendar_name')];
				if (!classes) return fail('Calendar does not exist', '257');
				if (!classes.includes(text('class_name'))) return fail('Class does not exist', '258');
				if (a.cmd === 'calendar_cancel') {
					const sub = lead.calendars.find(
						(c) =>
							c.calendar === text('calendar_name') &&
							c.className === text('class_name') &&
							c.status === 'Active',
					);
					if (!sub) return fail('No active/pending calendar subscription for this lead', '259');
					sub.status = 'Cancelled';
					return done('Lead unsubscribed from class', '113');
				}
				const date = text('starting_date');
				const hour = text('starting_hour');
				if (
					(date && !/^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(date)) ||
					(hour && !/^\d{1,2}:\d{2}$/.test(hour))
				)
					return fail('Invalid date format', '260');
				if (date && Date.parse(`${date} ${hour || '00:00'} EST`) < Date.now())
					return fail('Date is in the past', '261');
				lead.calendars.push({
					calendar: text('calendar_name'),
					className: text('class_name'),
					status: 'Active',
				});
				return done('Lead subscribed to class', '112');
			}
			default:
				return fail(`Unknown cmd ${String(a.cmd)}`, '254');
		}
	}

	function profile(lead: FakeKartraLead) {
		return {
			id: lead.id,
			email: lead.email,
			...Object.fromEntries(PROFILE.map((k) => [k, lead.fields[k] ?? ''])),
			date_joined: '2026-11-23 10:00:00',
			score: String(lead.points),
			source: 'api',
			blacklisted: '0',
			tags: lead.tags.map((tag_name) => ({ tag_name })),
			lists: lead.lists.map((list_name) => ({ list_name, active: '1' })),
			sequences: lead.sequences.map((s) => ({ tree_name: s.name, step: s.step, status: s.status })),
			transactions: [],
			memberships: [],
			calendars: lead.calendars.map((c) => ({
				calendar_name: c.calendar,
				class_name: c.className,
				calendar_subscription_status: c.status,
			})),
			surveys: [],
			custom_fields: account.customFields.map((f) => {
				const value = lead.custom[f.field_identifier];
				return {
					field_id: f.field_id,
					field_identifier: f.field_identifier,
					field_type: f.field_type,
					field_value:
						f.field_type === 'input_field' || f.field_type === 'text_area'
							? (value ?? '')
							: f.options.filter((o) =>
									(Array.isArray(value) ? value : [value]).includes(o.option_id),
								),
				};
			}),
		};
	}

	function handleCall(body: Record<string, Decoded>): FakeAnswer {
		if (!body.app_id) return error('App Id cannot be empty. Please get an App Id first', '238');
		if (body.app_id !== KARTRA_SECRETS.appId)
			return error('App Id is not valid. The app does not exists or is inactive', '239');
		if (!body.api_key) return error('API key cannot be empty. Please get an API key first', '202');
		const login = [KARTRA_SECRETS, KARTRA_SECOND_ACCOUNT].find((a) => a.apiKey === body.api_key);
		if (!login) return error('API key not valid. Please get an API key first', '203');
		if (body.api_password !== login.apiPassword)
			return error('API password not valid. Please get an API password first', '233');

		if (body.get_lead !== undefined) {
			if (typeof body.get_lead !== 'object') return error("'get_lead' not an array", '236');
			const lead = findLead(body.get_lead);
			if (!lead) return error('No lead found', '234');
			if (lead.deleted) return error('Lead is deleted', '245');
			return ok({ lead_details: profile(lead) });
		}
		if (typeof body.actions !== 'object') return error("'actions' not an array", '224');
		const actions = Object.values(body.actions).filter(
			(a): a is Record<string, Decoded> => typeof a === 'object',
		);
		if (actions.length === 0 || actions.some((a) => typeof a.cmd !== 'string'))
			return error("'cmd' is required", '254');
		const denied = actions.find((a) => options.deniedCommands?.includes(a.cmd as string));
		if (denied) return error('App does not have permission for this command', '262');

		const first = actions[0].cmd as string;
		if (first === 'retrieve_account_tags') return ok({ account_tags: account.tags });
		if (first === 'retrieve_account_lists') return ok({ account_lists: account.lists });
		if (first === 'retrieve_account_sequences')
			return ok({ account_sequences: Object.keys(account.sequences) });
		if (first === 'retrieve_custom_fields') {
			return ok({
				custom_fields: account.customFields.map((f) => ({
					field_id: f.field_id,
					field_identifier: f.field_identifier,
					field_type: f.field_type,
					field_value: f.options,
				})),
			});
		}
		if (
			actions
				.slice(1)
				.some((a) => ['create_lead', 'edit_lead', 'search_lead'].includes(a.cmd as string))
		) {
			return error('create_lead, edit_lead and search_lead must be the first action', '254');
		}
		if (body.lead !== undefined && typeof body.lead !== 'object')
			return error("'lead' not an array", '223');
		const ident = (typeof body.lead === 'object' ? body.lead : {}) as Record<string, Decoded>;
		if (!ident.id && !ident.email)
			return error('email or lead id is required. Nothing done', '206');

		const results: Array<Record<string, ActionResult>> = [];
		let lead: FakeKartraLead | undefined;
		let rest = actions;
		if (first === 'search_lead') {
			lead = findLead(ident);
			if (!lead) return error('No lead found', '243');
			if (lead.deleted) return error('Lead is deleted', '245');
			return {
				status: 200,
				body: { status: 'Success', message: 'Lead found', lead_details: { id: lead.id } },
			};
		}
		if (first === 'create_lead') {
			if (!ident.email) return error('email or lead id is required. Nothing done', '206');
			const existing = leads.find(
				(l) => l.email.toLowerCase() === String(ident.email).toLowerCase(),
			);
			if (existing) return error('Lead already exists', '244');
			lead = {
				id: String(nextId++),
				email: String(ident.email),
				fields: {},
				custom: {},
				tags: [],
				lists: [],
				sequences: [],
				points: 0,
				calendars: [],
				deleted: false,
			};
			const bad = applyFields(lead, ident);
			if (bad) return error(bad.message!, bad.type!);
			leads.push(lead);
			results.push({ create_lead: { status: 'Success', lead_details: { id: lead.id } } });
			rest = actions.slice(1);
		} else if (first === 'edit_lead') {
			lead = findLead(ident);
			if (!lead) return error('No lead found', '243');
			if (lead.deleted) return error('Lead is deleted', '245');
			if (
				typeof ident.new_email === 'string' &&
				leads.some(
					(l) => l !== lead && l.email.toLowerCase() === String(ident.new_email).toLowerCase(),
				)
			) {
				return error('Lead already exists', '244');
			}
			const bad = applyFields(lead, ident);
			if (bad) return error(bad.message!, bad.type!);
			if (typeof ident.new_email === 'string') lead.email = ident.new_email;
			results.push({ edit_lead: { status: 'Success', lead_details: { id: lead.id } } });
			rest = actions.slice(1);
		} else {
			lead = findLead(ident);
			if (!lead) return error('No lead found', '243');
			if (lead.deleted) return error('Lead is deleted', '245');
		}
		for (const action of rest) {
			const result = runAction(lead, action);
			results.push({ [action.cmd as string]: result });
			if (result.status === 'Error') {
				if (results.length === 1) return error(result.message!, result.type!);
				return error(result.message!, result.type!, { actions: results });
			}
		}
		if (results.length === 1 && !('create_lead' in results[0]) && !('edit_lead' in results[0])) {
			const only = Object.values(results[0])[0];
			return { status: 200, body: only };
		}
		return ok({ actions: results });
	}

	const handler = (request: RecordedRequest): FakeAnswer => {
		const body = parsePhpQuery(request.rawBody);
		const now = request.receivedAt;
		const limit = options.ratePerSecond ?? 20;
		while (window.length && window[0] <= now - 1000) window.shift();
		if (window.length >= limit) {
			state.rateLimited++;
			return { status: 429, raw: 'Too many requests' };
		}
		window.push(now);
		const fault = faults.find((f) => f.times > 0 && f.match(request, body));
		if (fault && !fault.afterProcessing) {
			fault.times--;
			return fault.answer;
		}
		const { app_id: _a, api_key: _k, api_password: _p, ...rest } = body;
		calls.push(rest);
		if (request.path !== '/api' || request.method !== 'POST')
			return { status: 404, raw: '<html>Not Found</html>' };
		const answer = handleCall(body);
		if (fault?.afterProcessing) {
			fault.times--;
			return fault.answer;
		}
		return answer;
	};

	const server = await startFakeServer(handler, { latencyMs: () => options.latencyMs ?? 0 });
	return {
		...server,
		leads,
		account,
		calls,
		faults,
		get rateLimited() {
			return state.rateLimited;
		},
		peakPerSecond() {
			const all = server.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
			let peak = 0;
			for (let i = 0, j = 0; i < all.length; i++) {
				while (all[i] - all[j] >= 1000) j++;
				peak = Math.max(peak, i - j + 1);
			}
			return peak;
		},
		leadByEmail: (email) => leads.find((l) => l.email.toLowerCase() === email.toLowerCase()),
	};
}
