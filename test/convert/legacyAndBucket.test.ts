import { bucketVisitor } from '../../nodes/Convert/bucketing';
import { CONVERT_IDS } from '../fakes/convert';
import { convertNode, convertSetup } from './setup';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const legacy = (extra: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'trackLegacy',
	visitorId: '1588166554499-0.2020703998482254',
	events: {
		event: [
			{ evt: 'viewExp', exps: '2001, 2002', vars: '3001,3101' },
			{ evt: 'hitGoal', goals: '100300', exps: '2001', vars: '3001' },
			{ evt: 'tr', goals: '100300', exps: '2001', vars: '3001', r: 123.23, prc: 2 },
		],
	},
	segments: { browser: 'CH', devices: ['DESK'], source: 'search', campaign: 'spring & summer', visitorType: 'returning', country: 'RO', customSegments: '500, 501' },
	...extra,
});

describe('Event → Track (Legacy)', () => {
	test('POST: the documented JSON (cid, pid, seg, vid, ev) with a User-Agent', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: legacy(), credentials });
		expect(result.error).toBeUndefined();
		const request = fake.metrics.requests[0];
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/track');
		expect(request.headers['user-agent']).toMatch(/^ConvertAgent\//);
		expect(JSON.parse(request.rawBody)).toEqual({
			cid: CONVERT_IDS.accountId,
			pid: CONVERT_IDS.projectId,
			seg: { browser: 'CH', devices: ['DESK'], source: 'Search', campaign: 'spring & summer', new: 1, ctry: 'RO', cust: ['500', '501'] },
			vid: '1588166554499-0.2020703998482254',
			ev: [
				{ evt: 'viewExp', vars: ['3001', '3101'], exps: ['2001', '2002'] },
				{ evt: 'hitGoal', goals: [100300], vars: ['3001'], exps: ['2001'] },
				{ evt: 'tr', goals: [100300], vars: ['3001'], exps: ['2001'], r: 123.23, prc: 2 },
			],
		});
		expect(fake.legacy).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ vid: '1588166554499-0.2020703998482254', accepted: true, httpStatus: 200 });
	});

	test('GET: the same data as the PHP-style query the docs show (seg[devices][]=DESK, ev[0][vars][]=…)', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: legacy({ method: 'GET' }), credentials });
		expect(result.error).toBeUndefined();
		const request = fake.metrics.requests[0];
		expect(request.method).toBe('GET');
		const keys = request.rawQuery.split('&').map((pair) => decodeURIComponent(pair.split('=')[0]));
		expect(keys.slice(0, 8)).toEqual(['cid', 'pid', 'seg[browser]', 'seg[devices][]', 'seg[source]', 'seg[campaign]', 'seg[new]', 'seg[ctry]']);
		expect(keys).toContain('ev[0][vars][]');
		expect(keys).toContain('ev[2][r]');
		expect(fake.legacy[0]).toEqual({
			method: 'GET',
			cid: CONVERT_IDS.accountId,
			pid: CONVERT_IDS.projectId,
			seg: { browser: 'CH', devices: { 0: 'DESK' }, source: 'Search', campaign: 'spring & summer', new: '1', ctry: 'RO', cust: { 0: '500', 1: '501' } },
			vid: '1588166554499-0.2020703998482254',
			ev: {
				0: { evt: 'viewExp', vars: { 0: '3001', 1: '3101' }, exps: { 0: '2001', 1: '2002' } },
				1: { evt: 'hitGoal', goals: { 0: '100300' }, vars: { 0: '3001' }, exps: { 0: '2001' } },
				2: { evt: 'tr', goals: { 0: '100300' }, vars: { 0: '3001' }, exps: { 0: '2001' }, r: '123.23', prc: '2' },
			},
		});
	});

	test('the fake answers 301 without a User-Agent, as Convert\'s firewall does', async () => {
		setup = await convertSetup();
		const { fake } = setup;
		const http = await import('node:http');
		const status = await new Promise<number>((resolve, reject) => {
			const req = http.request(`${fake.metrics.url}/track?cid=1`, { method: 'GET' }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.removeHeader('user-agent');
			req.on('error', reject);
			req.end();
		});
		expect(status).toBe(301);
	});

	test('IDs as the documentation shows them: experiences "ABCD", "DEF", variations and goals as tokens', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const events = {
			event: [
				{ evt: 'viewExp', exps: 'ABCD, DEF', vars: '12345, 6789' },
				{ evt: 'hitGoal', goals: '12345, goal_signup-2', exps: 'ABCD', vars: 'var-A' },
			],
		};
		const result = await harness.run({ nodeType: convertNode, parameters: legacy({ events, segments: {} }), credentials });
		expect(result.error).toBeUndefined();
		expect(JSON.parse(fake.metrics.requests[0].rawBody).ev).toEqual([
			{ evt: 'viewExp', vars: ['12345', '6789'], exps: ['ABCD', 'DEF'] },
			{ evt: 'hitGoal', goals: [12345, 'goal_signup-2'], vars: ['var-A'], exps: ['ABCD'] },
		]);
		expect(fake.legacy).toHaveLength(1);
	});

	test.each([
		['a transaction without goals', { events: { event: [{ evt: 'tr', r: 10 }] } }, 'Item 1: Events 1 › Goal IDs needs at least one goal for a goal hit or a transaction'],
		['experiences and variations that do not pair', { events: { event: [{ evt: 'viewExp', exps: '2001,2002', vars: '3001' }] } }, 'Item 1: Events 1 › Variation IDs must pair with the experience IDs (2 experiences, 1 variations)'],
		['a goal ID with a space and a "!"', { events: { event: [{ evt: 'hitGoal', goals: 'buy now!' }] } }, 'Item 1: Events 1 › Goal IDs must be an ID of letters, digits, - or _; got "buy now!"'],
		['an experience ID with a slash', { events: { event: [{ evt: 'viewExp', exps: 'AB/CD', vars: '1' }] } }, 'Item 1: Events 1 › Experience IDs must be an ID of letters, digits, - or _; got "AB/CD"'],
		['no events', { events: {} }, 'Item 1: Events needs at least one event'],
		['a revenue that is text', { events: { event: [{ evt: 'tr', goals: '1', r: '={{"ten"}}' }] } }, 'Item 1: Events 1 › Revenue must be a number; got "ten"'],
	])('bad input (%s): named, nothing sent', async (_name, extra, message) => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: legacy(extra), credentials });
		expect(result.error?.message).toBe(message);
		expect(fake.metrics.requests).toHaveLength(0);
	});
});

const bucket = (extra: Record<string, unknown> = {}) => ({ resource: 'visitor', operation: 'bucket', visitorId: '={{$json.visitor}}', ...extra });
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ visitor: `person-${i}@example.com` }));

describe('Visitor → Bucket', () => {
	test('all running experiences: the same variations as the algorithm, one config request for 200 visitors, nothing tracked', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: bucket(), items: people(200), credentials });
		expect(result.error).toBeUndefined();
		expect(fake.config.requests).toHaveLength(1);
		expect(fake.metrics.requests).toHaveLength(0);
		const [checkout, pricing] = fake.project.experiences;
		const stoppedSeen = new Set<string>();
		result.items.forEach((item, i) => {
			const json = item.json as { visitorId: string; variations: Array<{ experienceId: string; variationId: string; bucket: number; layout: string }>; bucketing: Record<string, string> };
			expect(item.pairedItem).toEqual({ item: i });
			expect(json.visitorId).toBe(`person-${i}@example.com`);
			const expectCheckout = bucketVisitor(checkout, json.visitorId);
			expect(expectCheckout.bucketed && json.bucketing['2001']).toBe(expectCheckout.bucketed && expectCheckout.variationId);
			const expectPricing = bucketVisitor(pricing, json.visitorId);
			expect(json.bucketing['2002']).toBe(expectPricing.bucketed ? expectPricing.variationId : undefined);
			if (json.bucketing['2002']) stoppedSeen.add(json.bucketing['2002']);
			expect(json).not.toHaveProperty('batch');
		});
		// the stopped variation of the anchored experience gets nobody; the others keep their places
		expect([...stoppedSeen].sort()).toEqual(['3101', '3103']);
		const notBucketed = result.items.flatMap((i) => i.json.notBucketed as Array<{ experienceId: string }>);
		expect(notBucketed.length).toBeGreaterThan(0);
		expect(notBucketed.every((n) => n.experienceId === '2002')).toBe(true);
		const first = (result.items[0].json.variations as Array<Record<string, unknown>>)[0];
		expect(Object.keys(first)).toEqual(['experienceId', 'experienceKey', 'experienceName', 'variationId', 'variationKey', 'variationName', 'bucket', 'layout']);
	});

	test('an environment keeps only its experiences; the same visitor always gets the same variation', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const items = [{ visitor: 'same' }, { visitor: 'same' }, { visitor: 'same' }];
		const result = await harness.run({ nodeType: convertNode, parameters: bucket({ options: { environment: 'production' } }), items, credentials });
		const variations = result.items.map((i) => JSON.stringify(i.json.bucketing));
		expect(new Set(variations).size).toBe(1);
		expect(Object.keys(result.items[0].json.bucketing as object)).toEqual(['2001']);
	});

	test('selected experiences, a draft one with the debug token; an experience not in the config is named', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const ok = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ experiences: 'selected', experienceIds: ['2003'], options: { includeDrafts: true } }),
			items: people(2),
			credentials,
		});
		expect(ok.error).toBeUndefined();
		expect(Object.keys(ok.items[0].json.bucketing as object)).toEqual(['2003']);
		const missing = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ experiences: 'selected', experienceIds: ['2003'] }),
			items: people(2),
			credentials,
		});
		expect(missing.error?.message).toBe('Item 1: Experiences has an experience the project config does not hold: 2003');
		expect(missing.error?.description).toMatch(/Include Drafts and Paused/);
	});

	test('Send Bucketing Events: the decisions go out batched, one request per batch, with the segments', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: bucket({ sendEvents: true, segments: { country: 'us', visitorType: 'new' }, options: { batchSize: 40 } }),
			items: people(100),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.metrics.requests).toHaveLength(3);
		const decided = result.items.reduce((n, i) => n + Object.keys(i.json.bucketing as object).length, 0);
		expect(fake.events).toHaveLength(decided);
		expect(fake.events.every((e) => e.eventType === 'bucketing' && e.segments?.country === 'US')).toBe(true);
		const sample = result.items[41].json;
		expect(sample.eventsSent).toBe(Object.keys(sample.bucketing as object).length);
		expect(sample.batch).toMatchObject({ number: 2, size: 40, accepted: true });
		const recorded = fake.events.filter((e) => e.visitorId === sample.visitorId).map((e) => [e.data.experienceId, e.data.variationId]);
		expect(Object.fromEntries(recorded)).toEqual(sample.bucketing);
	});

	test('the visitor ID is hashed exactly as given: no-break spaces, a BOM, ideographic spaces are kept', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const [checkout] = setup.fake.project.experiences;
		const decision = (id: string) => {
			const outcome = bucketVisitor(checkout, id);
			return outcome.bucketed ? outcome.variationId : outcome.reason;
		};
		// IDs whose decision changes when the surrounding space is trimmed away
		const wrappers = [(id: string) => `\u00a0${id}`, (id: string) => `${id}\ufeff`, (id: string) => `\u3000${id}\u3000`, (id: string) => ` ${id} `];
		const ids = wrappers.map((wrap) => {
			for (let n = 0; ; n++) {
				const id = wrap(`visitor-${n}`);
				if (decision(id) !== decision(id.trim())) return id;
			}
		});
		const result = await harness.run({ nodeType: convertNode, parameters: bucket(), items: ids.map((visitor) => ({ visitor })), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.visitorId)).toEqual(ids);
		expect(result.items.map((i) => (i.json.bucketing as Record<string, string>)[String(checkout.id)] ?? 'not bucketed')).toEqual(
			ids.map((id) => {
				const d = decision(id);
				return /^\d+$/.test(d) ? d : 'not bucketed';
			}),
		);
	});

	test('a visitor ID of white space only counts as empty: refused, nothing fetched', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const spaces = await harness.run({ nodeType: convertNode, parameters: bucket(), items: [{ visitor: ' \u00a0\u3000 ' }], credentials });
		expect(spaces.error?.message).toBe('Item 1: Visitor ID is required');
		expect(fake.config.requests).toHaveLength(0);
	});

	test('no visitor ID: named, and the config is not even fetched', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({ nodeType: convertNode, parameters: bucket({ visitorId: '={{$json.missing}}' }), items: people(1), credentials });
		expect(result.error?.message).toBe('Item 1: Visitor ID is required');
		expect(fake.config.requests).toHaveLength(0);
	});
});
