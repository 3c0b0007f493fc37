// Runs one fake API in its own process, so that a benchmark measures the node and not the fake:
// the real API is on another machine. Talks to its parent over IPC: 'stats' → counts, 'detail' → records,
// 'configure' → changes how the fake answers from now on, 'stop' → exits.
import { startConvertFake } from '../test/fakes/convert.cjs';
import { startConvertrFake } from '../test/fakes/convertr.cjs';
import type { FakeAnswer, RecordedRequest } from '../test/fakes/httpServer.cjs';
import { startKartraFake } from '../test/fakes/kartra.cjs';
import { type WantedCall, startOpenAiFake } from '../test/fakes/openai.cjs';

/** One injected answer: the next `times` requests that match get `answer` instead of the fake's own */
interface FaultSetting {
	method?: string;
	/** a part of the request's path */
	path?: string;
	/** a part of the request's body (as sent, or URL-decoded) */
	body?: string;
	times: number;
	answer: FakeAnswer;
	/** store what was sent first, then answer with the fault (the server acted) */
	afterProcessing?: boolean;
}

function decoded(body: string): string {
	try {
		return decodeURIComponent(body.replace(/\+/g, ' '));
	} catch {
		return body;
	}
}

const faultOf = (setting: FaultSetting) => ({
	match: (request: RecordedRequest) =>
		(setting.method === undefined || request.method === setting.method) &&
		(setting.path === undefined || request.path.includes(setting.path)) &&
		(setting.body === undefined ||
			request.rawBody.includes(setting.body) ||
			decoded(request.rawBody).includes(setting.body)),
	times: setting.times,
	answer: setting.answer,
	afterProcessing: setting.afterProcessing,
});

interface FakeSettings {
	latencyMs?: number;
	/** Convertr: the first lead post with each of these emails gets 403 "Campaign is fulfilled" (nothing stored) */
	refuseLeadsOnce?: string[];
	/** Convertr: the results of these leads (by email) from now on: valid, or invalid with these QA reasons */
	leadResults?: Record<string, 'valid' | { qaReasons: string[] }>;
	/** Convert: top-level keys of the served project replaced (audiences, segments, locations…) */
	projectPatch?: Record<string, unknown>;
	/** Convert: keys of experiences replaced, by experience ID */
	experiencePatches?: Record<string, Record<string, unknown>>;
	/** Convert: the served project back to the sample one */
	reset?: boolean;
	/** Any of the three: answers injected from now on (an e2e check of each error class) */
	faults?: FaultSetting[];
	/** Kartra: its per-second limit from now on (20 unless set) */
	ratePerSecond?: number;
	/** OpenAI: the tool calls its scripted model makes from now on */
	calls?: WantedCall[];
}

async function main(): Promise<void> {
	const [service, optionsJson] = process.argv.slice(2);
	const options = JSON.parse(optionsJson ?? '{}');
	let stats: () => object;
	/** What an end-to-end check asserts on (small runs only) */
	let detail: () => object;
	let stop: () => Promise<void>;
	let url: string;
	/** Changes how the fake answers from now on (an e2e check that slows it down or has it refuse a lead) */
	let configure: (settings: FakeSettings) => void = () => undefined;
	if (service === 'convertr') {
		const fake = await startConvertrFake(options);
		url = fake.url;
		stop = fake.stop;
		stats = () => ({
			requests: fake.requests.length,
			leadPosts: fake.leadPosts().length,
			tokenRequests: fake.tokenRequests().length,
			leads: fake.leads.length,
			distinctEmails: new Set(fake.leads.map((l) => JSON.stringify(l.form.email))).size,
			/** injected answers not given yet */
			faultsPending: fake.faults.reduce((n, f) => n + f.times, 0),
		});
		configure = (settings) => {
			if (typeof settings.latencyMs === 'number') fake.options.latencyMs = settings.latencyMs;
			fake.faults.push(...(settings.faults ?? []).map(faultOf));
			for (const email of settings.refuseLeadsOnce ?? []) {
				fake.faults.push({
					match: (request) =>
						request.method === 'POST' &&
						request.path.endsWith('/leads') &&
						new URLSearchParams(request.rawBody).get('form[email]') === email,
					times: 1,
					answer: { status: 403, body: { code: 403, message: 'Campaign is fulfilled' } },
				});
			}
			for (const [email, result] of Object.entries(settings.leadResults ?? {})) {
				for (const lead of fake.leads.filter((l) => l.form.email === email)) {
					lead.result =
						result === 'valid'
							? { status: 200, body: '' }
							: { status: 200, body: { qaReasons: result.qaReasons, failedJobs: [] } };
				}
			}
		};
		detail = () => ({
			leads: fake.leads.map((l) => ({
				id: l.id,
				formId: l.formId,
				linkId: l.linkId,
				publisherId: l.publisherId,
				form: l.form,
			})),
			tokenRequests: fake.tokenRequests().length,
			tokensIssued: fake.tokensIssued.length,
			leadResultCalls: fake.requests
				.filter((r) => r.path.includes('/lead-result/'))
				.map((r) => Number(r.path.split('/').pop())),
		});
	} else if (service === 'kartra') {
		const fake = await startKartraFake(options);
		url = fake.url;
		stop = fake.stop;
		configure = (settings) => {
			if (typeof settings.ratePerSecond === 'number')
				fake.options.ratePerSecond = settings.ratePerSecond;
			fake.faults.push(...(settings.faults ?? []).map(faultOf));
		};
		stats = () => ({
			requests: fake.requests.length,
			rateLimited: fake.rateLimited,
			peakPerSecond: fake.peakPerSecond(),
			leads: fake.leads.length,
			distinctEmails: new Set(fake.leads.map((l) => l.email)).size,
			leadsWithTagAndList: fake.leads.filter(
				(l) => l.tags.includes('VIP') && l.lists.includes('Main List'),
			).length,
		});
		detail = () => ({
			leads: fake.leads.map((l) => ({
				id: l.id,
				email: l.email,
				fields: l.fields,
				tags: l.tags,
				lists: l.lists,
			})),
		});
	} else if (service === 'convert') {
		const fake = await startConvertFake(options);
		const original = structuredClone(fake.project);
		// the metrics host is what the benchmark loads; the config CDN's URL goes along in the stats
		url = fake.metrics.url;
		configure = (settings) => {
			if (typeof settings.latencyMs === 'number') fake.options.latencyMs = settings.latencyMs;
			if (settings.reset) {
				for (const key of Object.keys(fake.project)) delete fake.project[key];
				Object.assign(fake.project, structuredClone(original));
			}
			Object.assign(fake.project, settings.projectPatch ?? {});
			fake.faults.push(...(settings.faults ?? []).map(faultOf));
			for (const [id, patch] of Object.entries(settings.experiencePatches ?? {})) {
				const experience = fake.project.experiences.find((e) => e.id === id);
				if (experience) Object.assign(experience, patch);
			}
		};
		stop = fake.stop;
		stats = () => ({
			requests: fake.metrics.requests.length,
			configUrl: fake.config.url,
			events: fake.events.length,
			distinctVisitors: new Set(fake.events.map((e) => e.visitorId)).size,
			droppedForUserAgent: fake.droppedForUserAgent,
			rateLimited: fake.rateLimited,
			leads: 0,
			distinctEmails: 0,
		});
		detail = () => ({
			configUrl: fake.config.url,
			events: fake.events.map(({ request: _r, ...event }) => event),
			legacy: fake.legacy,
		});
	} else if (service === 'openai') {
		const fake = await startOpenAiFake(options);
		url = fake.url;
		stop = fake.stop;
		configure = (settings) => {
			if (settings.calls) fake.options.calls = settings.calls;
		};
		stats = () => ({ requests: fake.requests.length });
		detail = () => ({
			requests: fake.requests.map((r) => `${r.method} ${r.path}`),
			offeredTools: fake.offeredTools,
			toolCalls: fake.toolCalls,
			toolResults: fake.toolResults,
			unmatched: fake.unmatched,
		});
	} else {
		throw new Error(`unknown fake ${service}`);
	}
	process.on('message', (message: { type: string; settings?: FakeSettings }) => {
		if (message.type === 'stats') process.send?.({ type: 'stats', ...stats() });
		else if (message.type === 'detail') process.send?.({ type: 'detail', ...detail() });
		else if (message.type === 'configure') {
			configure(message.settings ?? {});
			process.send?.({ type: 'configure' });
		} else if (message.type === 'stop') void stop().then(() => process.exit(0));
	});
	// the parent is gone (even killed outright): nothing will stop this fake any more, so it stops itself
	process.on('disconnect', () => void stop().then(() => process.exit(0)));
	process.send?.({ type: 'ready', url });
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
