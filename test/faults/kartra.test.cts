import { expectNoSecrets } from '../harness/secrets.cjs';
import {
	kartraNode,
	kartraSecretValues,
	kartraSetup,
	seedLead,
	emails,
	createWithTagAndList,
} from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('faults: every item accounted for, nothing duplicated', () => {
	const nth = (n: number) => {
		let seen = 0;
		return () => ++seen === n;
	};

	test.each([
		[
			'a timeout after Kartra acted',
			{ hang: true as const },
			true,
			/did not answer within 3 s.*not sent again/,
		],
		[
			'a 500 after Kartra acted',
			{ status: 500, raw: '<html><h1>500 Internal Server Error</h1></html>' },
			true,
			/HTTP 500: 500 Internal Server Error.*not sent again/,
		],
		[
			'a 502 before Kartra acted',
			{ status: 502, raw: 'Bad Gateway' },
			false,
			/HTTP 502: Bad Gateway.*not sent again/,
		],
		[
			'a reset connection',
			{ reset: true as const },
			true,
			/Could not reach Kartra.*not sent again/,
		],
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
			(afterProcessing ? emails(4) : emails(4).filter((_e, i) => i !== 1))
				.map((e) => e.email)
				.sort(),
		);
		expectNoSecrets([result.items], kartraSecretValues);
	});

	test('a 503 and a 429 before Kartra acted are retried: the lead is created once', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: nth(1),
			times: 1,
			answer: { status: 503, raw: 'busy', headers: { 'Retry-After': '0' } },
		});
		fake.faults.push({
			match: nth(1),
			times: 1,
			answer: { status: 429, raw: 'Too many requests' },
		});
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: createWithTagAndList,
			items: emails(1),
			credentials,
		});
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
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'lead', operation: 'get', email: 'r@example.com' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.email).toBe('r@example.com');
		expect(fake.requests).toHaveLength(3);
	});
});
