import { CONVERT_IDS } from '../../../fakes/convert.cjs';
import { convertNode, convertSetup } from '../../../harness/convert.cjs';

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
	segments: {
		browser: 'CH',
		devices: ['DESK'],
		source: 'search',
		campaign: 'spring & summer',
		visitorType: 'returning',
		country: 'RO',
		customSegments: '500, 501',
	},
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
			seg: {
				browser: 'CH',
				devices: ['DESK'],
				source: 'Search',
				campaign: 'spring & summer',
				new: 1,
				ctry: 'RO',
				cust: ['500', '501'],
			},
			vid: '1588166554499-0.2020703998482254',
			ev: [
				{ evt: 'viewExp', vars: ['3001', '3101'], exps: ['2001', '2002'] },
				{ evt: 'hitGoal', goals: [100300], vars: ['3001'], exps: ['2001'] },
				{ evt: 'tr', goals: [100300], vars: ['3001'], exps: ['2001'], r: 123.23, prc: 2 },
			],
		});
		expect(fake.legacy).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			vid: '1588166554499-0.2020703998482254',
			accepted: true,
			httpStatus: 200,
		});
	});

	test('GET: the same data as the PHP-style query the docs show (seg[devices][]=DESK, ev[0][vars][]=…)', async () => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: legacy({ method: 'GET' }),
			credentials,
		});
		expect(result.error).toBeUndefined();
		const request = fake.metrics.requests[0];
		expect(request.method).toBe('GET');
		const keys = request.rawQuery.split('&').map((pair) => decodeURIComponent(pair.split('=')[0]));
		expect(keys.slice(0, 8)).toEqual([
			'cid',
			'pid',
			'seg[browser]',
			'seg[devices][]',
			'seg[source]',
			'seg[campaign]',
			'seg[new]',
			'seg[ctry]',
		]);
		expect(keys).toContain('ev[0][vars][]');
		expect(keys).toContain('ev[2][r]');
		expect(fake.legacy[0]).toEqual({
			method: 'GET',
			cid: CONVERT_IDS.accountId,
			pid: CONVERT_IDS.projectId,
			seg: {
				browser: 'CH',
				devices: { 0: 'DESK' },
				source: 'Search',
				campaign: 'spring & summer',
				new: '1',
				ctry: 'RO',
				cust: { 0: '500', 1: '501' },
			},
			vid: '1588166554499-0.2020703998482254',
			ev: {
				0: { evt: 'viewExp', vars: { 0: '3001', 1: '3101' }, exps: { 0: '2001', 1: '2002' } },
				1: { evt: 'hitGoal', goals: { 0: '100300' }, vars: { 0: '3001' }, exps: { 0: '2001' } },
				2: {
					evt: 'tr',
					goals: { 0: '100300' },
					vars: { 0: '3001' },
					exps: { 0: '2001' },
					r: '123.23',
					prc: '2',
				},
			},
		});
	});

	test("the fake answers 301 without a User-Agent, as Convert's firewall does", async () => {
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
		const result = await harness.run({
			nodeType: convertNode,
			parameters: legacy({ events, segments: {} }),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(fake.metrics.requests[0].rawBody).ev).toEqual([
			{ evt: 'viewExp', vars: ['12345', '6789'], exps: ['ABCD', 'DEF'] },
			{ evt: 'hitGoal', goals: [12345, 'goal_signup-2'], vars: ['var-A'], exps: ['ABCD'] },
		]);
		expect(fake.legacy).toHaveLength(1);
	});

	test.each([
		[
			'a transaction without goals',
			{ events: { event: [{ evt: 'tr', r: 10 }] } },
			'Item 0: Events 1 › Goal IDs needs at least one goal for a goal hit or a transaction',
		],
		[
			'experiences and variations that do not pair',
			{ events: { event: [{ evt: 'viewExp', exps: '2001,2002', vars: '3001' }] } },
			'Item 0: Events 1 › Variation IDs must pair with the experience IDs (2 experiences, 1 variations)',
		],
		[
			'a goal ID with a space and a "!"',
			{ events: { event: [{ evt: 'hitGoal', goals: 'buy now!' }] } },
			'Item 0: Events 1 › Goal IDs must be an ID of letters, digits, - or _; got "buy now!"',
		],
		[
			'an experience ID with a slash',
			{ events: { event: [{ evt: 'viewExp', exps: 'AB/CD', vars: '1' }] } },
			'Item 0: Events 1 › Experience IDs must be an ID of letters, digits, - or _; got "AB/CD"',
		],
		['no events', { events: {} }, 'Item 0: Events needs at least one event'],
		[
			'a revenue that is text',
			{ events: { event: [{ evt: 'tr', goals: '1', r: '={{"ten"}}' }] } },
			'Item 0: Events 1 › Revenue must be a number; got "ten"',
		],
	])('bad input (%s): named, nothing sent', async (_name, extra, message) => {
		setup = await convertSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: convertNode,
			parameters: legacy(extra),
			credentials,
		});
		expect(result.error?.message).toBe(message);
		expect(fake.metrics.requests).toHaveLength(0);
	});
});
