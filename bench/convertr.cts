import axios from 'axios';

import { ConvertrPublisherApi } from '../credentials/ConvertrPublisherApi.credentials';
import { ConvertrPublisher } from '../nodes/Convertr/ConvertrPublisher.node';
import { mapWithConcurrency } from '../nodes/shared/concurrency';
import { CONVERTR_SECRETS } from '../test/fakes/convertr.cjs';
import { createHarness, deduplicationStore } from '../test/harness/engine.cjs';
import { startRemoteFake } from './remoteFake.cjs';

export interface BenchResult {
	name: string;
	figures: Record<string, number | string>;
	goals: Record<string, boolean>;
}

/**
 * The same POSTs from a bare axios client (the library under n8n's request helper) at the same concurrency,
 * with no n8n around it: what the fake and this machine allow, for comparison with the floor.
 */
async function bareClientReference(
	url: string,
	leads: number,
	concurrency: number,
): Promise<number> {
	const start = process.hrtime.bigint();
	await mapWithConcurrency(Array.from({ length: leads }), concurrency, async (_v, i) => {
		await axios.post(
			`${url}/api/v2/publisher/links/100?access_token=none`,
			`form%5Bemail%5D=ref${i}%40example.com`,
			{
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				validateStatus: () => true,
			},
		);
	});
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * 1,000 leads to the fake Convertr (in its own process) with 20 ms added latency, through n8n's engine,
 * default options. Floor: leads × latency / concurrency, the time the requests alone need.
 */
export async function benchConvertr(leads = 1000, latencyMs = 20): Promise<BenchResult> {
	const fake = await startRemoteFake('convertr', { latencyMs });
	try {
		const harness = createHarness([new ConvertrPublisherApi()]);
		const credentials = harness.addCredential('convertrPublisherApi', {
			enterprise: 'acme',
			clientId: CONVERTR_SECRETS.clientId,
			clientSecret: CONVERTR_SECRETS.clientSecret,
			apiKey: CONVERTR_SECRETS.apiKey,
			publisherId: CONVERTR_SECRETS.publisherId,
			baseUrl: fake.url,
		});
		const items = Array.from({ length: leads }, (_, i) => ({
			first: `First ${i}`,
			email: `lead${i}@example.com`,
		}));
		const concurrency = 8; // the node's default
		const parameters = {
			resource: 'lead',
			operation: 'create',
			campaignId: '100',
			formId: '35',
			columns: {
				mappingMode: 'defineBelow',
				value: { firstName: '={{$json.first}}', email: '={{$json.email}}' },
				matchingColumns: [],
				schema: [
					{
						id: 'firstName',
						displayName: 'First Name',
						required: false,
						display: true,
						type: 'string',
						defaultMatch: false,
					},
					{
						id: 'email',
						displayName: 'Email',
						required: false,
						display: true,
						type: 'string',
						defaultMatch: false,
					},
				],
			},
		};
		const rssBefore = process.memoryUsage().rss;
		let peakRss = rssBefore;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
		const start = process.hrtime.bigint();
		const result = await harness.run({
			nodeType: new ConvertrPublisher(),
			parameters,
			items,
			credentials,
		});
		const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
		clearInterval(sampler);
		const errors = result.items.filter((i) => i.json.error).length + (result.error ? 1 : 0);

		const floorMs = (leads * latencyMs) / concurrency;
		const stats = await fake.stats();
		const tokenRequests = stats.tokenRequests;
		const referenceMs = await bareClientReference(fake.url, leads, concurrency);

		// the same delivery with Skip Already Delivered (other leads), then once more (every lead skipped); the test
		// store answers each call after 2 ms, as a database on the same machine would
		const storeCalls = () => Object.values(deduplicationStore.calls).reduce((a, b) => a + b, 0);
		const remembered = async () => {
			const before = storeCalls();
			const begin = process.hrtime.bigint();
			const run = await harness.run({
				nodeType: new ConvertrPublisher(),
				parameters: { ...parameters, skipDelivered: true, deliveryHistory: {} },
				items: items.map((item) => ({ ...item, email: `remembered-${item.email}` })),
				credentials,
			});
			return {
				ms: Number(process.hrtime.bigint() - begin) / 1e6,
				calls: storeCalls() - before,
				skipped: run.items.filter((i) => i.json.skipped === true).length,
				errors: run.items.filter((i) => i.json.error).length + (run.error ? 1 : 0),
			};
		};
		const withOption = await remembered();
		const again = await remembered();
		return {
			name: `Convertr: ${leads} leads, ${latencyMs} ms latency, concurrency ${concurrency}`,
			figures: {
				'wall (ms)': Math.round(wallMs),
				'floor (ms)': floorMs,
				'wall / floor': Number((wallMs / floorMs).toFixed(3)),
				'bare client (ms)': Math.round(referenceMs),
				'wall / bare client': Number((wallMs / referenceMs).toFixed(3)),
				requests: stats.requests,
				'lead POSTs': stats.leadPosts,
				'token requests': tokenRequests,
				'leads stored': stats.leads,
				'error items': errors,
				'peak RSS growth (MB)': Math.round((peakRss - rssBefore) / 1048576),
				'Skip Already Delivered: wall (ms)': Math.round(withOption.ms),
				'  … store calls': withOption.calls,
				'  … store calls per item': Number((withOption.calls / leads).toFixed(3)),
				'  … the same leads again: wall (ms)': Math.round(again.ms),
				'  … the same leads again: store calls': again.calls,
				'  … the same leads again: skipped': again.skipped,
			},
			goals: {
				'wall <= 1.25 x floor': wallMs <= 1.25 * floorMs,
				'1 token request': tokenRequests === 1,
				'every lead once': stats.leads === leads && stats.distinctEmails === leads,
				'store calls per window (< 0.2 per item)': withOption.calls < leads / 5,
				'the same leads again: all skipped': again.skipped === leads && again.errors === 0,
			},
		};
	} finally {
		await fake.stop();
	}
}
