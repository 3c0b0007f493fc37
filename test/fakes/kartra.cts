/**
 * A fake Kartra API (`POST /api`, PHP-style form bodies) that behaves as Kartra's documentation says:
 * every answer HTTP 200 with `status` Success/Error and a numeric `type`, credentials in the body, one lead per
 * call with chained actions, account look-ups, the documented error types, and a 20-calls-per-second limit
 * answered with HTTP 429. It records every decoded body, so tests assert on the wire format.
 */
import { type Decoded, parsePhpQuery } from './phpQuery.cjs';
import {
	type FakeAnswer,
	type FakeServer,
	type RecordedRequest,
	startFakeServer,
} from './httpServer.cjs';

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

/** A payment transaction of the fake account (Kartra's documented fields, dates US Eastern without offset). */
export interface FakeTransaction {
	transaction_id: string;
	lead_email: string;
	transaction_type:
		'sale' | 'rebill' | 'refund' | 'partial_refund' | 'failed' | 'cancellation' | 'chargeback';
	transaction_full_amount: number;
	transaction_date: string;
	product_id: string;
	product_name: string;
	/** Within the refund period */
	refundable: boolean;
	refunded: boolean;
	subscriptionId?: string;
}

/** A recurring payment subscription of the fake account. */
export interface FakeSubscription {
	subscription_id: string;
	lead_email: string;
	subscription_status: 'Active' | 'Paused' | 'Cancelled' | 'Terminated';
	paypal: boolean;
	subscription_product_id: string;
	subscription_price_point: string;
	subscription_start_date: string;
	subscription_end_date: string;
	subscription_next_payment_date: string;
	subscription_recurring_period: string;
	subscription_installments_left: string;
	subscription_next_scheduled_payment_amount: string;
	subscription_affiliate: string;
	/** What edit_subscription changed, in the order it was asked */
	edits: Array<Record<string, unknown>>;
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
		transactions: FakeTransaction[];
		subscriptions: FakeSubscription[];
		/** Products and their price points (edit_subscription checks them) */
		products: Record<string, string[]>;
	};
	/** Decoded bodies of the calls that passed the rate limit, in order, credentials removed */
	calls: Array<Record<string, Decoded>>;
	/** Calls answered 429 */
	rateLimited: number;
	faults: KartraFault[];
	/** How it answers; a change takes effect at the next request */
	options: KartraFakeOptions;
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

/** The account's tags, lists, sequences and calendars as a new fake starts with them (the sandbox prints them). */
export function defaultAccountLists() {
	return {
		tags: ['VIP', 'Newsletter', 'Buyer & Co'],
		lists: ['Main List', 'Webinar [2026]'],
		sequences: { Onboarding: ['1', '2', '3'], 'Win Back': ['1', 'A2'] } as Record<string, string[]>,
		calendars: { 'First calendar': ['First class', 'Second class'] } as Record<string, string[]>,
	};
}

export async function startKartraFake(options: KartraFakeOptions = {}): Promise<KartraFake> {
	const account: KartraFake['account'] = {
		...defaultAccountLists(),
		transactions: [
			{
				transaction_id: '738474',
				lead_email: 'buyer@example.com',
				transaction_type: 'sale',
				transaction_full_amount: 49.5,
				transaction_date: '2026-03-08 01:30:00',
				product_id: '223',
				product_name: 'Course & Coaching',
				refundable: true,
				refunded: false,
			},
			{
				transaction_id: '738475',
				lead_email: 'buyer@example.com',
				transaction_type: 'rebill',
				transaction_full_amount: 19.95,
				transaction_date: '2026-11-01 01:30:00',
				product_id: '224',
				product_name: 'Membership',
				refundable: true,
				refunded: false,
				subscriptionId: '48110',
			},
			{
				transaction_id: '600001',
				lead_email: 'buyer@example.com',
				transaction_type: 'sale',
				transaction_full_amount: 10,
				transaction_date: '2025-01-02 09:00:00',
				product_id: '223',
				product_name: 'Course & Coaching',
				refundable: false,
				refunded: false,
			},
		],
		subscriptions: [
			{
				subscription_id: '48110',
				lead_email: 'buyer@example.com',
				subscription_status: 'Active',
				paypal: false,
				subscription_product_id: '224',
				subscription_price_point: '1',
				subscription_start_date: '2026-07-04 09:30:00',
				subscription_end_date: '0000-00-00 00:00:00',
				subscription_next_payment_date: '2026-12-01 09:30:00',
				subscription_recurring_period: 'monthly',
				subscription_installments_left: 'Until cancelled',
				subscription_next_scheduled_payment_amount: '19.95',
				subscription_affiliate: 'N/A',
				edits: [],
			},
			{
				subscription_id: '48112',
				lead_email: 'buyer@example.com',
				subscription_status: 'Paused',
				paypal: true,
				subscription_product_id: '225',
				subscription_price_point: '2',
				subscription_start_date: '2025-02-01 12:00:00',
				subscription_end_date: '0000-00-00 00:00:00',
				subscription_next_payment_date: '2026-12-15 12:00:00',
				subscription_recurring_period: 'yearly',
				subscription_installments_left: '3',
				subscription_next_scheduled_payment_amount: 'N/A',
				subscription_affiliate: 'partner7',
				edits: [],
			},
		],
		products: { '223': ['1'], '224': ['1', '2'], '225': ['1', '2'] },
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

	/** Commands on the account's payments, custom fields and the like: no lead involved. */
	function billingCall(a: Record<string, Decoded>): FakeAnswer | undefined {
		const text = (key: string) => (typeof a[key] === 'string' ? (a[key] as string).trim() : '');
		const transaction = () =>
			account.transactions.find((t) => t.transaction_id === text('transaction_id'));
		const subscription = () =>
			account.subscriptions.find((sub) => sub.subscription_id === text('subscription_id'));
		const inActions = (cmd: string, result: object) =>
			ok({ actions: [{ [cmd]: { status: 'Success', ...result } }] });
		switch (a.cmd) {
			case 'search_transaction':
				return transaction()
					? ok({ message: 'Transaction exists' })
					: error("Transaction doesn't exist", '247');
			case 'search_subscription':
				return subscription()
					? ok({ message: 'Subscription exists' })
					: error("Subscription doesn't exist", '248');
			case 'get_transaction_details': {
				const t = transaction();
				if (!t) return error("Transaction doesn't exist", '247');
				const { refundable: _r, refunded, subscriptionId: _s, ...details } = t;
				return ok({
					get_transaction_details: {
						transaction_details: {
							...details,
							transaction_type: refunded ? 'refund' : t.transaction_type,
							transaction_affiliate: 'N/A',
						},
					},
				});
			}
			case 'get_subscription_details': {
				const sub = subscription();
				if (!sub) return error("Subscription doesn't exist", '248');
				const { paypal: _p, edits: _e, lead_email: _l, ...details } = sub;
				// as JSON text, the way the documents describe it
				return ok({ get_subscription_details: { subscription_details: JSON.stringify(details) } });
			}
			case 'refund_transaction': {
				const t = transaction();
				if (!t) return error("Transaction doesn't exist", '247');
				if (!['sale', 'rebill'].includes(t.transaction_type))
					return error('This type of transaction cannot be refunded or cancelled', '253');
				if (t.refunded) return error('Transaction already refunded', '251');
				if (!t.refundable) return error('Transaction outside refund period', '250');
				const amount = text('refund_amount');
				if (
					amount !== '' &&
					(!/^\d+(\.\d{1,2})?$/.test(amount) || Number(amount) > t.transaction_full_amount)
				)
					return error('Invalid amount', '268');
				t.refunded = true;
				return ok({
					refund_transaction: { status: 'Success', transaction_refunded: t.transaction_id },
				});
			}
			case 'modify_subscription_status': {
				const sub = subscription();
				if (!sub) return error("Subscription doesn't exist", '248');
				const change = text('subscription_status_modification');
				if (!['cancel', 'pause', 'unpause'].includes(change)) return error('Wrong status', '274');
				if (sub.subscription_status === 'Cancelled' && change === 'cancel')
					return error('Subscription already cancelled', '252');
				if (['Cancelled', 'Terminated'].includes(sub.subscription_status))
					return error('Subscriptions cancelled or terminated cannot be updated', '275');
				if (sub.paypal && change !== 'cancel')
					return error('Paypal transactions cannot be modified', '284');
				sub.subscription_status =
					change === 'cancel' ? 'Cancelled' : change === 'pause' ? 'Paused' : 'Active';
				return inActions('modify_subscription_status', {
					message: 'Subscription modified',
					type: '115',
				});
			}
			case 'edit_subscription': {
				const sub = subscription();
				if (!sub) return error("Subscription doesn't exist", '248');
				if (sub.paypal) return error('Paypal transactions cannot be modified', '284');
				if (['Cancelled', 'Terminated'].includes(sub.subscription_status))
					return error('Subscriptions cancelled or terminated cannot be updated', '275');
				const { cmd: _c, subscription_id: _id, ...changes } = a;
				if (Object.keys(changes).length === 0)
					return error('No editable parameters for subscription', '285');
				if ('subscription_product_id' in changes) {
					const points = account.products[text('subscription_product_id')];
					if (!points || !points.includes(text('subscription_price_point')))
						return error('Wrong product id or price point', '283');
				}
				if ('subscription_next_payment_date' in changes) {
					const date = text('subscription_next_payment_date');
					if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(date))
						return error('Invalid date format', '260');
					if (Date.parse(`${date.replace(' ', 'T')}:00-05:00`) < Date.now())
						return error('Date is in the past', '261');
				}
				if ('subscription_amount' in changes) {
					const amount = Number(text('subscription_amount'));
					if (!(amount >= 1 && amount <= 9999.99))
						return error('Price must be between 1.00 and 9,999.99', '277');
				}
				if ('subscription_product_quantity' in changes) {
					const quantity = Number(text('subscription_product_quantity'));
					if (!(Number.isInteger(quantity) && quantity >= 1 && quantity <= 9999))
						return error('Quantity must be between 1 and 9,999', '276');
				}
				if ('subscription_tax_percent' in changes) {
					const tax = Number(text('subscription_tax_percent'));
					if (!(tax >= 0 && tax <= 100)) return error('Tax must be between 0 and 100', '290');
				}
				sub.edits.push(changes);
				return inActions('edit_subscription', { message: 'Subscription modified', type: '116' });
			}
			case 'create_custom_field': {
				const identifier = text('custom_field_identifier');
				if (!identifier) return error('Custom Field cannot be empty', '265');
				if (!/^[A-Za-z0-9_-]+$/.test(identifier))
					return error(
						'Custom Field name can only contain letters, numbers, dashes or underscores',
						'263',
					);
				if (account.customFields.some((f) => f.field_identifier === identifier))
					return error('Custom Field already exists or not allowed', '264');
				const type = text('custom_field_type');
				if (!['input_field', 'text_area', 'drop_down', 'radio_button', 'checkbox'].includes(type))
					return error('Custom Field type not valid', '269');
				let options: string[] = [];
				if (['drop_down', 'radio_button', 'checkbox'].includes(type)) {
					if (typeof a.custom_field_options !== 'object')
						return error('Options not an array', '270');
					options = Object.values(a.custom_field_options).map((o) =>
						typeof o === 'object' && typeof o.option_name === 'string' ? o.option_name.trim() : '',
					);
					if (options.some((o) => o === '')) return error('Option cannot be empty', '272');
					if (options.length < 2) return error('Options must have two or more elements', '273');
				}
				account.customFields.push({
					field_id: String(400 + account.customFields.length),
					field_identifier: identifier,
					field_type: type as FakeCustomField['field_type'],
					options: options.map((option_value, i) => ({ option_id: String(i + 1), option_value })),
				});
				return ok({ message: 'Custom Field created', type: '114' });
			}
			default:
				return undefined;
		}
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
		// not in Kartra's pages that could be read: shaped as the other account lists (third-party description)
		if (first === 'retrieve_account_pages')
			return ok({ account_pages: ['Sales page', 'Thank you & welcome'] });
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
		const billing = billingCall(actions[0]);
		if (billing) return billing;
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
			const email = lead.email.toLowerCase();
			if (first === 'retrieve_transactions_from_lead') {
				// the documented shape: the command's key, its list under transaction_list
				return ok({
					retrieve_transactions_from_lead: {
						transaction_list: account.transactions
							.filter((t) => t.lead_email.toLowerCase() === email)
							.map((t) => ({
								transaction_id: t.transaction_id,
								lead_id: lead!.id,
								lead_email: t.lead_email,
								transaction_type: t.refunded ? 'refund' : t.transaction_type,
							})),
					},
				});
			}
			if (first === 'retrieve_subscriptions_from_lead') {
				// "String (JSON encoded array …)", as the documents say: the list as JSON text
				return ok({
					retrieve_subscriptions_from_lead: {
						subscriptions_list: JSON.stringify(
							account.subscriptions
								.filter((sub) => sub.lead_email.toLowerCase() === email)
								.map((sub) => ({
									subscription_id: sub.subscription_id,
									lead_id: lead!.id,
									lead_email: sub.lead_email,
									subscription_status: sub.subscription_status,
								})),
						),
					},
				});
			}
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
		options,
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
