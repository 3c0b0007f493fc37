// The fault matrix: for each service's fake and each kind of failure a real API or network produces, a run of
// items that create something (Convertr leads, Kartra leads, Convert conversions) with Continue On Fail ends with
// every input item accounted for (count in = count out, each a success or an error item, paired with its input),
// and nothing created twice. Failures that leave unknown whether the server acted are never retried for creates.
import type { INodeExecutionData } from 'n8n-workflow';

import type { FakeAnswer, RecordedRequest } from '../fakes/httpServer.cjs';
import { convertSetup, convertNode } from '../harness/convert.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';
import { parsePhpQuery } from '../fakes/phpQuery.cjs';

const ITEMS = 12;

interface Fault {
	match: (request: RecordedRequest) => boolean;
	times: number;
	answer: FakeAnswer;
	afterProcessing?: boolean;
}

interface ServiceRun {
	/** Adds a fault to the fake, aimed at the requests that create something */
	inject(fault: Omit<Fault, 'match'>): void;
	/** Makes the credential's token expire after a few creates (services with tokens only) */
	expireTokenMidRun?(): void;
	/** Token requests the fake answered (services with tokens only) */
	tokenRequests?(): number;
	/** `timeoutS`: the node's request timeout (short only where a request hangs, so that the run ends soon) */
	run(timeoutS: number): Promise<{ items: INodeExecutionData[]; error?: Error }>;
	/** How many times the fake stored each item's record, by item key */
	storedCounts(): Map<string, number>;
	keyOf(index: number): string;
	stop(): Promise<void>;
}

const services: Record<string, () => Promise<ServiceRun>> = {
	'Convertr lead create': async () => {
		const { fake, harness, credentials } = await convertrSetup();
		const isLeadPost = (r: RecordedRequest) => r.method === 'POST' && /\/leads$/.test(r.path);
		const items = Array.from({ length: ITEMS }, (_, i) => ({ email: `fault${i}@example.com` }));
		let posts = 0;
		return {
			inject: (fault) => fake.faults.push({ ...fault, match: isLeadPost }),
			expireTokenMidRun: () =>
				fake.faults.push({
					// never consumed (its match answers false): it only watches the lead POSTs go by
					times: 1,
					answer: { status: 500 },
					match: (r) => {
						if (isLeadPost(r) && ++posts === 4) fake.expireAllTokens();
						return false;
					},
				}),
			run: async (timeoutS) =>
				await harness.run({
					nodeType: publisherNode,
					parameters: leadParameters(
						{ email: '={{$json.email}}' },
						{ options: { timeout: timeoutS, concurrency: 3 } },
					),
					items,
					credentials,
					continueOnFail: true,
				}),
			storedCounts: () => {
				const counts = new Map<string, number>();
				for (const lead of fake.leads)
					counts.set(String(lead.form.email), (counts.get(String(lead.form.email)) ?? 0) + 1);
				return counts;
			},
			tokenRequests: () => fake.tokenRequests().length,
			keyOf: (i) => items[i].email,
			stop: () => fake.stop(),
		};
	},
	'Kartra lead create': async () => {
		const { fake, harness, credentials } = await kartraSetup();
		const isCreate = (r: RecordedRequest) =>
			JSON.stringify(parsePhpQuery(r.rawBody).actions ?? {}).includes('create_lead');
		const items = Array.from({ length: ITEMS }, (_, i) => ({ email: `fault${i}@example.com` }));
		return {
			inject: (fault) => fake.faults.push({ ...fault, match: isCreate }),
			run: async (timeoutS) =>
				await harness.run({
					nodeType: kartraNode,
					parameters: {
						resource: 'lead',
						operation: 'create',
						email: '={{$json.email}}',
						alsoDo: { action: [{ cmd: 'assign_tag', tagName: 'VIP' }] },
						options: { timeout: timeoutS, concurrency: 3 },
					},
					items,
					credentials,
					continueOnFail: true,
				}),
			storedCounts: () => {
				const counts = new Map<string, number>();
				for (const lead of fake.leads) counts.set(lead.email, (counts.get(lead.email) ?? 0) + 1);
				return counts;
			},
			keyOf: (i) => items[i].email,
			stop: () => fake.stop(),
		};
	},
	'Convert conversions (batches of 3)': async () => {
		const { fake, harness, credentials } = await convertSetup();
		const isTrack = (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith('/v1/track/');
		const items = Array.from({ length: ITEMS }, (_, i) => ({ visitor: `fault-visitor-${i}` }));
		return {
			inject: (fault) => fake.faults.push({ ...fault, match: isTrack }),
			run: async (timeoutS) =>
				await harness.run({
					nodeType: convertNode,
					parameters: {
						resource: 'event',
						operation: 'trackConversion',
						visitorId: '={{$json.visitor}}',
						goalId: '100300',
						goalData: { amount: 10 },
						options: { timeout: timeoutS, batchSize: 3, batchConcurrency: 2 },
					},
					items,
					credentials,
					continueOnFail: true,
				}),
			storedCounts: () => {
				const counts = new Map<string, number>();
				for (const event of fake.events)
					counts.set(event.visitorId, (counts.get(event.visitorId) ?? 0) + 1);
				return counts;
			},
			keyOf: (i) => items[i].visitor,
			stop: () => fake.stop(),
		};
	},
};

const isFailure = (item: INodeExecutionData) => typeof item.json.error === 'string';

interface FaultCase {
	name: string;
	fault?: Omit<Fault, 'match'>;
	tokenExpiry?: boolean;
	/**
	 * Whether every item must succeed: true when the fault leaves nothing to doubt (rejected before processing,
	 * retried); false when some items must fail (the server may have acted: not retried); per service otherwise.
	 */
	allSucceed: boolean | ((service: string) => boolean);
}

const html =
	'<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
const cases: FaultCase[] = [
	{
		name: '429 with Retry-After',
		fault: {
			times: 2,
			answer: {
				status: 429,
				body: { code: 429, message: 'Too many requests' },
				headers: { 'Retry-After': '1' },
			},
		},
		allSucceed: true,
	},
	{
		name: '429 without Retry-After',
		fault: { times: 1, answer: { status: 429, raw: 'Too Many Requests' } },
		allSucceed: true,
	},
	{
		name: '503 before processing',
		fault: {
			times: 2,
			answer: {
				status: 503,
				body: { code: 503, message: 'Down for maintenance' },
				headers: { 'Retry-After': '0' },
			},
		},
		allSucceed: true,
	},
	{
		name: '500 after processing',
		fault: {
			times: 1,
			afterProcessing: true,
			answer: { status: 500, body: { code: 500, message: 'Internal error' } },
		},
		allSucceed: false,
	},
	{
		name: '502 HTML page after processing',
		fault: { times: 1, afterProcessing: true, answer: { status: 502, raw: html } },
		allSucceed: false,
	},
	{
		name: '500 HTML page before processing',
		fault: { times: 1, answer: { status: 500, raw: html } },
		allSucceed: false,
	},
	{
		name: 'connection reset before an answer',
		fault: { times: 1, answer: { reset: true } },
		allSucceed: false,
	},
	{
		name: 'connection reset mid-response, after processing',
		fault: { times: 1, afterProcessing: true, answer: { truncate: true, status: 200 } },
		allSucceed: false,
	},
	{
		name: 'no answer (timeout) after processing',
		fault: { times: 1, afterProcessing: true, answer: { hang: true } },
		allSucceed: false,
	},
	// A 2xx says Convertr and Convert took the record even when the body cannot be read; Kartra answers 200 to
	// everything, so only a readable body tells its success.
	{
		name: 'malformed JSON (HTTP 200) after processing',
		fault: {
			times: 1,
			afterProcessing: true,
			answer: {
				status: 200,
				raw: '{"status": "Succ',
				headers: { 'Content-Type': 'application/json' },
			},
		},
		allSucceed: (service) => !service.startsWith('Kartra'),
	},
	{ name: 'token expiry mid-run', tokenExpiry: true, allSucceed: true },
];

describe.each(Object.keys(services))('%s', (serviceName) => {
	let service: ServiceRun | undefined;
	afterEach(async () => {
		await service?.stop();
		service = undefined;
	});

	// token expiry applies to the service with tokens (Convertr); Kartra and Convert send their keys with every call
	const applicable = cases.filter((c) => !c.tokenExpiry || serviceName.startsWith('Convertr'));
	test.each(applicable.map((c) => [c.name, c] as const))(
		'%s: every item accounted for, nothing created twice',
		async (_name, faultCase) => {
			service = await services[serviceName]();
			if (faultCase.tokenExpiry) service.expireTokenMidRun!();
			if (faultCase.fault) service.inject(faultCase.fault);
			const hangs = faultCase.fault !== undefined && 'hang' in faultCase.fault.answer;
			const { items, error } = await service.run(hangs ? 3 : 30);

			expect(error).toBeUndefined();
			expect(items).toHaveLength(ITEMS);
			expect(items.map((item) => item.pairedItem)).toEqual(
				Array.from({ length: ITEMS }, (_, item) => ({ item })),
			);
			const stored = service.storedCounts();
			for (const [key, count] of stored) expect({ key, count }).toEqual({ key, count: 1 });
			items.forEach((item, i) => {
				const times = stored.get(service!.keyOf(i)) ?? 0;
				if (isFailure(item)) {
					// a failed item is stored at most once, and says why in words
					expect(times).toBeLessThanOrEqual(1);
					expect(String(item.json.error).length).toBeGreaterThan(10);
				} else {
					expect({ item: i, times }).toEqual({ item: i, times: 1 });
				}
			});
			// the token did expire mid-run: one refresh, no more
			if (faultCase.tokenExpiry) expect(service.tokenRequests!()).toBe(2);
			const failures = items.filter(isFailure).length;
			const allSucceed =
				typeof faultCase.allSucceed === 'function'
					? faultCase.allSucceed(serviceName)
					: faultCase.allSucceed;
			if (allSucceed) expect(failures).toBe(0);
			else expect(failures).toBeGreaterThan(0);
		},
	);
});
