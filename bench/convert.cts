import { ConvertExperiencesApi } from '../credentials/ConvertExperiencesApi.credentials';
import { ConvertTrack } from '../nodes/Convert/ConvertTrack.node';
import { CONVERT_IDS } from '../test/fakes/convert.cjs';
import { createHarness } from '../test/harness/engine.cjs';
import type { BenchResult } from './convertr.cjs';
import { startRemoteFake } from './remoteFake.cjs';

/**
 * 10,000 conversions (with revenue and a transaction ID) to the fake Convert metrics host in its own process,
 * 20 ms latency, default options (batches of 100, 2 in flight). Floor: batches × latency / batches in flight.
 */
export async function benchConvert(conversions = 10_000, latencyMs = 20): Promise<BenchResult> {
	const fake = await startRemoteFake('convert', { latencyMs });
	try {
		const { configUrl } = await fake.stats();
		const harness = createHarness([new ConvertExperiencesApi()]);
		const credentials = harness.addCredential('convertExperiencesApi', {
			accountId: CONVERT_IDS.accountId,
			projectId: CONVERT_IDS.projectId,
			configBaseUrl: String(configUrl),
			metricsBaseUrl: fake.url,
		});
		const items = Array.from({ length: conversions }, (_, i) => ({
			visitor: `visitor-${i}`,
			amount: (i % 97) + 0.99,
			order: `T-${i}`,
		}));
		const parameters = {
			resource: 'event',
			operation: 'trackConversion',
			visitorId: '={{$json.visitor}}',
			goalId: '100300',
			goalData: { amount: '={{$json.amount}}', transactionId: '={{$json.order}}' },
			bucketingData: { experience: [{ experienceId: '2001', variationId: '3001' }] },
		};
		const batchSize = 100;
		const inFlight = 2;
		const rssBefore = process.memoryUsage().rss;
		let peakRss = rssBefore;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
		const start = process.hrtime.bigint();
		const result = await harness.run({
			nodeType: new ConvertTrack(),
			parameters,
			items,
			credentials,
		});
		const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
		clearInterval(sampler);
		const stats = await fake.stats();
		const expectedRequests = Math.ceil(conversions / batchSize);
		const floorMs = (expectedRequests * latencyMs) / inFlight;
		const accepted = result.items.filter(
			(i) => (i.json.batch as { accepted?: boolean } | undefined)?.accepted === true,
		).length;
		return {
			name: `Convert: ${conversions} conversions, ${latencyMs} ms latency, batches of ${batchSize}, ${inFlight} in flight`,
			figures: {
				'wall (ms)': Math.round(wallMs),
				'floor (ms)': floorMs,
				'wall / floor': Number((wallMs / floorMs).toFixed(3)),
				'per item (ms)': Number((wallMs / conversions).toFixed(3)),
				requests: stats.requests,
				'expected requests': expectedRequests,
				'events recorded': stats.events,
				'distinct visitors': stats.distinctVisitors,
				'dropped for User-Agent': stats.droppedForUserAgent,
				'items accepted': accepted,
				'error items': result.items.filter((i) => i.json.error).length + (result.error ? 1 : 0),
				'peak RSS growth (MB)': Math.round((peakRss - rssBefore) / 1048576),
			},
			goals: {
				'ceil(N / batch size) requests': stats.requests === expectedRequests,
				'every conversion recorded once':
					stats.events === conversions && stats.distinctVisitors === conversions,
				'every item accepted, in order':
					accepted === conversions &&
					result.items.every((item, i) => item.json.visitorId === `visitor-${i}`),
			},
		};
	} finally {
		await fake.stop();
	}
}
