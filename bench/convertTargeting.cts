import type { IDataObject } from 'n8n-workflow';

import { ConvertExperiencesApi } from '../credentials/ConvertExperiencesApi.credentials';
import { ConvertTrack } from '../nodes/Convert/ConvertTrack.node';
import { type Decision, decideExperience, visitorState } from '../nodes/Convert/targeting';
import { CONVERT_IDS, startConvertFake } from '../test/fakes/convert.cjs';
import { createHarness } from '../test/harness/engine.cjs';
import { ruleTree as tree, targetingRule as rule } from '../test/harness/convert.cjs';
import type { BenchResult } from './convertr.cjs';

/** 20 experiences, each with a site area or locations, audiences (any or all) and, for some, a segment. */
function targetedProject(project: IDataObject): void {
	project.locations = Array.from({ length: 5 }, (_, i) => ({
		id: `80${i}`,
		key: `section-${i}`,
		rules: tree([
			rule('url', 'contains', `/section-${i}`),
			rule('url', 'regexMatches', `^https://[a-z]+\\.example\\.com/all`),
		]),
	}));
	project.audiences = Array.from({ length: 6 }, (_, i) => ({
		id: `70${i}`,
		key: `audience-${i}`,
		type: i % 2 ? 'transient' : 'permanent',
		rules: tree(
			[
				rule('plan', 'isIn', i % 2 ? 'pro|team' : 'basic|pro'),
				rule('country', 'equals', ['DE', 'FR', 'US'][i % 3]),
			],
			[rule('visits', 'lessEqual', 3 + i, true)],
		),
	}));
	project.segments = [
		{ id: '500', key: 'big-spenders', rules: tree([rule('spend', 'less', '1,000', true)]) },
		{ id: '501', key: 'mobile', rules: tree([rule('device', 'startsWith', 'mob')]) },
	];
	project.experiences = Array.from({ length: 20 }, (_, i) => ({
		id: String(6000 + i),
		key: `experience-${i}`,
		name: `Experience ${i}`,
		status: 'active',
		type: 'a/b',
		version: i % 2 ? 12 : 6,
		...(i % 3 === 0
			? { locations: [`80${i % 5}`, `80${(i + 1) % 5}`] }
			: { site_area: tree([rule('url', 'startsWith', 'https://shop.example.com')]) }),
		audiences: [`70${i % 6}`, `70${(i + 2) % 6}`, ...(i % 4 === 0 ? [`50${i % 2}`] : [])],
		settings: { matching_options: { audiences: i % 2 ? 'any' : 'all' } },
		variations: [
			{ id: `${7000 + i * 3}`, key: 'original', traffic_allocation: 40, status: 'running' },
			{ id: `${7001 + i * 3}`, key: 'b', traffic_allocation: 40, status: 'running' },
			{
				id: `${7002 + i * 3}`,
				key: 'c',
				traffic_allocation: 20,
				status: i % 5 ? 'running' : 'stopped',
			},
		],
	}));
	project.archived_experiences = [];
}

function visitors(n: number): IDataObject[] {
	return Array.from({ length: n }, (_, i) => ({
		visitor: `visitor-${i}@example.com`,
		url: `https://${i % 4 ? 'shop' : 'blog'}.example.com/section-${i % 7}/page`,
		props: {
			plan: ['basic', 'pro', 'team', 'free'][i % 4],
			country: ['DE', 'FR', 'US', 'GB'][i % 4],
			visits: i % 11,
			spend: `${(i * 37) % 3000}`,
			device: i % 3 ? 'mobile' : 'desktop',
		},
	}));
}

/**
 * 10,000 visitors bucketed with targeting against a config of 20 experiences (locations or site areas, audiences,
 * segments), through n8n's engine; the config fetched once. Beside it: the pure decision alone, per visitor.
 */
export async function benchConvertTargeting(count = 10_000): Promise<BenchResult> {
	const fake = await startConvertFake();
	try {
		targetedProject(fake.project as unknown as IDataObject);
		const harness = createHarness([new ConvertExperiencesApi()]);
		const credentials = harness.addCredential('convertExperiencesApi', {
			accountId: CONVERT_IDS.accountId,
			projectId: CONVERT_IDS.projectId,
			configBaseUrl: fake.config.url,
			metricsBaseUrl: fake.metrics.url,
		});
		const items = visitors(count);
		const run = async (targeting: 'apply' | 'ignore') => {
			const start = process.hrtime.bigint();
			const result = await harness.run({
				nodeType: new ConvertTrack(),
				parameters: {
					resource: 'visitor',
					operation: 'bucket',
					visitorId: '={{ $json.visitor }}',
					targeting,
					pageUrl: '={{ $json.url }}',
					propertiesInput: 'json',
					visitorPropertiesJson: '={{ $json.props }}',
				},
				items,
				credentials,
			});
			return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
		};
		const configsBefore = fake.config.requests.length;
		const targeted = await run('apply');
		const configRequests = fake.config.requests.length - configsBefore;
		const ignoring = await run('ignore');
		const decided = targeted.result.items.reduce(
			(n, i) => n + Object.keys(i.json.bucketingData as object).length,
			0,
		);
		// the decision alone, without n8n: 20 experiences per visitor
		const config = structuredClone(fake.project) as unknown as IDataObject;
		const experiences = config.experiences as Array<IDataObject & { id: string }>;
		const start = process.hrtime.bigint();
		let pureDecided = 0;
		for (const item of items) {
			const state = visitorState(config, item.props as IDataObject);
			for (const experience of experiences) {
				const decision: Decision = decideExperience(config, experience, item.visitor as string, {
					visitor: state,
					locationProperties: { url: item.url },
				});
				if (decision.bucketed) pureDecided++;
			}
		}
		const pureMs = Number(process.hrtime.bigint() - start) / 1e6;
		return {
			name: `Convert: Visitor → Bucket, ${count} visitors, 20 targeted experiences`,
			figures: {
				'wall with targeting (ms)': Math.round(targeted.ms),
				'per visitor with targeting (µs)': Math.round((targeted.ms * 1000) / count),
				'wall ignoring targeting (ms)': Math.round(ignoring.ms),
				'per visitor ignoring targeting (µs)': Math.round((ignoring.ms * 1000) / count),
				'decision alone per visitor (µs)': Math.round((pureMs * 1000) / count),
				'config requests (targeting run)': configRequests,
				'variations given (of 200,000)': decided,
				'error items': targeted.result.items.filter((i) => i.json.error).length,
			},
			goals: {
				'config fetched once per execution': configRequests === 1,
				'every visitor decided, in order':
					targeted.result.items.length === count &&
					targeted.result.items.every(
						(item, i) => item.json.visitorId === `visitor-${i}@example.com`,
					),
				'node and module agree': decided === pureDecided,
			},
		};
	} finally {
		await fake.stop();
	}
}
