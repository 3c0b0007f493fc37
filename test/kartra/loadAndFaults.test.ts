import { expectNoSecrets } from '../convertr/secrets';
import { KARTRA_SECOND_ACCOUNT, KARTRA_SECRETS } from '../fakes/kartra';
import { kartraNode, kartraSecretValues, kartraSetup, seedLead } from './setup';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const emails = (n: number, prefix = 'lead') => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com` }));
const createWithTagAndList = {
	resource: 'lead',
	operation: 'create',
	email: '={{$json.email}}',
	alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'VIP' }, { cmd: 'subscribe_lead_to_list', listName: 'Main List' }] },
};

describe('Kartra\'s 20 calls per second', () => {
	test('many concurrent items stay under the limit: no 429, one call per lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { ...createWithTagAndList, options: { concurrency: 10 } },
			items: emails(45),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.requests).toHaveLength(45);
		expect(fake.rateLimited).toBe(0);
		expect(fake.peakPerSecond()).toBeLessThanOrEqual(20);
		expect(fake.leads.map((l) => l.email).sort()).toEqual(emails(45).map((e) => e.email).sort());
		result.items.forEach((item, i) => expect(item.json.email).toBe(`lead${i}@example.com`));
	});

	test('two accounts of one App, in two executions at once, share the App\'s limit: no 429', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const second = harness.addCredential('kartraApi', { ...KARTRA_SECRETS, ...KARTRA_SECOND_ACCOUNT, baseUrl: fake.url }, 'second-account');
		const [a, b] = await Promise.all([
			harness.run({ nodeType: kartraNode, parameters: { ...createWithTagAndList, options: { concurrency: 10 } }, items: emails(25, 'first'), credentials }),
			harness.run({ nodeType: kartraNode, parameters: { ...createWithTagAndList, options: { concurrency: 10 } }, items: emails(25, 'second'), credentials: second }),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(fake.requests).toHaveLength(50);
		expect(fake.rateLimited).toBe(0);
		expect(fake.peakPerSecond()).toBeLessThanOrEqual(20);
		expect(fake.leads).toHaveLength(50);
	});

	test('a stricter limit (429s): waits, retries, every lead created exactly once', async () => {
		setup = await kartraSetup({ ratePerSecond: 8 });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: kartraNode, parameters: createWithTagAndList, items: emails(20), credentials });
		expect(result.error).toBeUndefined();
		expect(fake.rateLimited).toBeGreaterThan(0);
		expect(fake.leads).toHaveLength(20);
		expect(new Set(fake.leads.map((l) => l.email)).size).toBe(20);
		expect(fake.leads.every((l) => l.tags.join() === 'VIP' && l.lists.join() === 'Main List')).toBe(true);
	});
});

describe('faults: every item accounted for, nothing duplicated', () => {
	const nth = (n: number) => {
		let seen = 0;
		return () => ++seen === n;
	};

	test.each([
		['a timeout after Kartra acted', { hang: true as const }, true, /did not answer within 3 s.*not sent again/],
		['a 500 after Kartra acted', { status: 500, raw: '<html><h1>500 Internal Server Error</h1></html>' }, true, /HTTP 500: 500 Internal Server Error.*not sent again/],
		['a 502 before Kartra acted', { status: 502, raw: 'Bad Gateway' }, false, /HTTP 502: Bad Gateway.*not sent again/],
		['a reset connection', { reset: true as const }, true, /Could not reach Kartra.*not sent again/],
		['malformed JSON', { status: 200, raw: '{"status":"Succ' }, true, /not JSON.*not sent again/],
	])('%s: error item, one call for that lead', async (_name, answer, afterProcessing, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: nth(2), times: 1, answer, afterProcessing });
		const result = await harness.run({
			nodeType: kartraNode,
			// long enough for a busy machine's ordinary calls; only the hung call waits it out
			parameters: { ...createWithTagAndList, options: { timeout: 3, concurrency: 1 } },
			items: emails(4),
			credentials,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(result.items[1].json.error).toMatch(message);
		expect(fake.requests).toHaveLength(4);
		expect(fake.leads.map((l) => l.email).sort()).toEqual(
			(afterProcessing ? emails(4) : emails(4).filter((_e, i) => i !== 1)).map((e) => e.email).sort(),
		);
		expectNoSecrets([result.items], kartraSecretValues);
	});

	test('a 503 and a 429 before Kartra acted are retried: the lead is created once', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({ match: nth(1), times: 1, answer: { status: 503, raw: 'busy', headers: { 'Retry-After': '0' } } });
		fake.faults.push({ match: nth(1), times: 1, answer: { status: 429, raw: 'Too many requests' } });
		const result = await harness.run({ nodeType: kartraNode, parameters: createWithTagAndList, items: emails(1), credentials });
		expect(result.error).toBeUndefined();
		expect(fake.requests).toHaveLength(3);
		expect(fake.leads).toHaveLength(1);
	});

	test('reads are retried after a 500 or a reset', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		seedLead(fake, 'r@example.com');
		fake.faults.push({ match: nth(1), times: 1, answer: { status: 500, raw: 'oops' } });
		fake.faults.push({ match: nth(1), times: 1, answer: { reset: true } });
		const result = await harness.run({ nodeType: kartraNode, parameters: { resource: 'lead', operation: 'get', email: 'r@example.com' }, credentials });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.email).toBe('r@example.com');
		expect(fake.requests).toHaveLength(3);
	});
});

describe('bad input is refused before anything is sent, naming the item and the field', () => {
	test.each([
		['no email and no ID', { resource: 'tag', operation: 'assign', tagName: 'VIP' }, {}, 'Item 1: Lead Email or Lead ID is required: give one of them'],
		['a malformed email', { resource: 'tag', operation: 'assign', email: '={{$json.e}}', tagName: 'VIP' }, { e: 'not-an-email' }, 'Item 1: Lead Email is not a valid email address: "not-an-email"'],
		['an email that is a list', { resource: 'lead', operation: 'create', email: '={{$json.e}}' }, { e: ['a@b.co'] }, 'Item 1: Lead Email must be an email address, not a list'],
		['an email resolving to null', { resource: 'lead', operation: 'upsert', email: '={{$json.e}}' }, { e: null }, 'Item 1: Lead Email is required'],
		['a non-numeric lead ID', { resource: 'tag', operation: 'assign', leadId: 'abc', tagName: 'VIP' }, {}, 'Item 1: Lead ID must be a positive whole number, got "abc"'],
		['an unknown time zone', { resource: 'lead', operation: 'create', email: 'a@b.co', leadFields: { lead_preferred_time_zone: '={{$json.tz}}' } }, { tz: 'Mars/Olympus' }, 'Item 1: lead field "lead_preferred_time_zone" must be one of Kartra\'s time zones (e.g. America/New_York), got "Mars/Olympus"'],
		['a lead field that is an object', { resource: 'lead', operation: 'create', email: 'a@b.co', leadFields: { city: '={{$json.c}}' } }, { c: { x: 1 } }, 'Item 1: lead field "city" must be text, not object'],
		['points that are not a number', { resource: 'points', operation: 'give', email: 'a@b.co', points: '={{$json.p}}' }, { p: 'ten' }, 'Item 1: "Points" must be a whole number of at least 1, got "ten"'],
		['zero points', { resource: 'points', operation: 'remove', email: 'a@b.co', points: 0 }, {}, 'Item 1: "Points" must be a whole number of at least 1, got 0'],
		['an empty tag', { resource: 'tag', operation: 'assign', email: 'a@b.co', tagName: '={{$json.t}}' }, { t: '' }, 'Item 1: "Tag" is required'],
		['a tag that is a list', { resource: 'tag', operation: 'assign', email: 'a@b.co', tagName: '={{$json.t}}' }, { t: ['VIP'] }, 'Item 1: "Tag" must be text, not a list'],
		['a step that is not alphanumeric', { resource: 'sequence', operation: 'subscribe', email: 'a@b.co', sequenceName: 'Onboarding', step: 'step 1' }, {}, 'Item 1: "Step" must be letters or digits (the step\'s box number), got "step 1"'],
		['a badly written date', { resource: 'calendar', operation: 'subscribe', email: 'a@b.co', calendarName: 'First calendar', className: 'First class', startingDate: '2026-01-16' }, {}, 'Item 1: "Starting Date" must look like 16 Jan 2026, got "2026-01-16"'],
		['a badly written hour', { resource: 'calendar', operation: 'subscribe', email: 'a@b.co', calendarName: 'First calendar', className: 'First class', startingHour: '3pm' }, {}, 'Item 1: "Starting Hour" must look like 15:00, got "3pm"'],
		['an "Also Do" action with no tag', { resource: 'lead', operation: 'create', email: 'a@b.co', alsoDo: { action: [{ cmd: 'assign_tag', tagName: '={{$json.t}}' }] } }, { t: '' }, 'Item 1: "Also Do" action 1 (Assign Tag) field "Tag" is required'],
	])('%s', async (_name, parameters, json, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: kartraNode, parameters, items: [json], credentials });
		expect(result.error?.message).toBe(message);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(fake.requests).toHaveLength(0);
	});

	test.each([
		['an unknown custom field', [{ identifier: 'nope', value: 'x' }], 'Item 1: custom field "nope" does not exist in this Kartra account'],
		['an unknown option', [{ identifier: 'gender', value: 'other' }], 'Item 1: custom field "gender" has no option "other"'],
		['two options for a drop-down', [{ identifier: 'gender', value: 'male, female' }], 'Item 1: custom field "gender" takes one option, got 2'],
		['an object for a text field', [{ identifier: 'favorite_dish', value: '={{ {a: 1} }}' }], 'Item 1: custom field "favorite_dish" must be text, not object'],
	])('custom fields: %s (only the field list is read)', async (_name, field, message) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'lead', operation: 'create', email: 'a@b.co', customFields: { field } },
			credentials,
		});
		expect(result.error?.message).toBe(message);
		expect(fake.calls.map((c) => (c.actions as Record<string, { cmd: string }>)['0'].cmd)).toEqual(['retrieve_custom_fields']);
	});

	test('with continue-on-fail, bad items become error items and the others are sent', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: createWithTagAndList,
			items: [{ email: 'ok1@example.com' }, { email: 'bad' }, { email: 'ok2@example.com' }],
			credentials,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.error ?? i.json.result)).toEqual(['created', 'Item 2: Lead Email is not a valid email address: "bad"', 'created']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fake.requests).toHaveLength(2);
	});
});
