import { KartraApi } from '../credentials/KartraApi.credentials';
import { KartraLead } from '../nodes/Kartra/KartraLead.node';
import { KARTRA_SECRETS } from '../test/fakes/kartra.cjs';
import { createHarness } from '../test/harness/engine.cjs';
import type { BenchResult } from './convertr.cjs';
import { startRemoteFake } from './remoteFake.cjs';

/**
 * 500 leads created with a tag and a list (chained in the same call) against the fake Kartra in its own
 * process, 20 ms latency. Floor: 500 calls at Kartra's 20 calls per second.
 */
export async function benchKartra(leads = 500, latencyMs = 20): Promise<BenchResult> {
	const fake = await startRemoteFake('kartra', { latencyMs });
	try {
		const harness = createHarness([new KartraApi()]);
		const credentials = harness.addCredential('kartraApi', {
			...KARTRA_SECRETS,
			baseUrl: fake.url,
		});
		const items = Array.from({ length: leads }, (_, i) => ({
			email: `bench${i}@example.com`,
			first: `First ${i}`,
		}));
		const parameters = {
			resource: 'lead',
			operation: 'create',
			email: '={{$json.email}}',
			leadFields: { first_name: '={{$json.first}}' },
			alsoDo: {
				action: [
					{ cmd: 'assign_tag', tagName: 'VIP' },
					{ cmd: 'subscribe_lead_to_list', listName: 'Main List' },
				],
			},
		};
		const start = process.hrtime.bigint();
		const result = await harness.run({
			nodeType: new KartraLead(),
			parameters,
			items,
			credentials,
		});
		const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
		const stats = await fake.stats();
		const floorMs = (leads / 20) * 1000;
		return {
			name: `Kartra: ${leads} leads created with a tag and a list, ${latencyMs} ms latency`,
			figures: {
				'wall (ms)': Math.round(wallMs),
				'floor at 20/s (ms)': floorMs,
				'wall / floor': Number((wallMs / floorMs).toFixed(3)),
				requests: stats.requests,
				'requests per lead': Number((stats.requests / leads).toFixed(3)),
				'peak calls in 1 s': stats.peakPerSecond,
				'answered 429': stats.rateLimited,
				'leads with tag and list': stats.leadsWithTagAndList,
				'error items': result.items.filter((i) => i.json.error).length + (result.error ? 1 : 0),
			},
			goals: {
				'1 request per lead': stats.requests === leads,
				'peak <= 20 calls/s': Number(stats.peakPerSecond) <= 20,
				'no 429': stats.rateLimited === 0,
				'wall <= 1.05 x floor': wallMs <= 1.05 * floorMs,
				'every lead once, tagged and listed':
					stats.leads === leads &&
					stats.distinctEmails === leads &&
					stats.leadsWithTagAndList === leads,
			},
		};
	} finally {
		await fake.stop();
	}
}
