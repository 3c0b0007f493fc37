#!/usr/bin/env node
// @ts-check
// npm run bench:n8n (not a test): what the package costs, apart from what n8n costs, in one real n8n against the
// fakes with 20 ms added latency. Per scenario, each workflow starts from a webhook that carries the items and
// answers when its last node is done (the wall time is the whole run):
//   n8n alone      webhook → Split Out → No Operation: what n8n itself spends on the items;
//   n8n mapping    the same with a Set node evaluating the scenario's expressions: n8n's own cost of the mapping;
//   A              this package's node with those expressions; A (no expressions): Map Automatically / Input Fields;
//   B              the job done with n8n's HTTP Request nodes as a careful user would set them up;
//   bare client    (Convertr) the same lead POSTs from node:http in this process, no n8n: the floor as measured.
// The network floor is computed (requests × latency / what the API allows in flight, or its rate). Each scenario
// runs `--runs=N` times (3 by default); the medians are printed with the package's added cost = A − (n8n mapping +
// floor), A / B, and the goals of issue 18. `node bench/n8n.js convert` runs one service. Writes
// .cache/bench-n8n/results.json.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const {
	compileFakes,
	provision,
	restClient,
	sandboxCredentials,
	startFake,
	startN8n,
} = require('../scripts/sandbox');
const { freePort, say, sleep } = require('../scripts/util');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.cache', 'bench-n8n');
const LATENCY = 20;
const P = 'n8n-nodes-convertr-kartra-convert.';

let hookCounter = 0;
/** Webhook (items in its body) → Split Out (one item each, unless the variant splits later) → the variant's nodes. */
function webhookFlow(name, pathName, nodes, splitFirst = true) {
	const all = [
		{
			id: `w${++hookCounter}`,
			name: 'Items In',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `00000000-0000-4000-8000-${String(hookCounter).padStart(12, '0')}`,
			parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', options: {} },
		},
		...(splitFirst
			? [
					{
						id: `s${hookCounter}`,
						name: 'One Item Each',
						type: 'n8n-nodes-base.splitOut',
						typeVersion: 1,
						position: [200, 0],
						parameters: { fieldToSplitOut: 'body.items', options: {} },
					},
				]
			: []),
		...nodes.map((n, i) => ({ position: [400 + 200 * i, 0], ...n })),
	];
	const connections = {};
	for (let i = 0; i < all.length - 1; i++)
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return {
		name,
		nodes: all,
		connections,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'all',
		},
	};
}

const httpNode = (name, parameters, extra = {}) => ({
	id: name.replace(/\W/g, ''),
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters,
	...extra,
});
const params = (list) => ({ parameters: list.map(([name, value]) => ({ name, value })) });
const batching = (batchSize, batchInterval) => ({
	batching: { batch: { batchSize, batchInterval } },
});

/** One HTTP call from the bench process with node:http alone (a fresh connection each, as n8n makes them). */
function bareCall(url, method, body) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method,
				agent: false,
				headers: body
					? {
							'Content-Type': 'application/x-www-form-urlencoded',
							'Content-Length': Buffer.byteLength(body),
						}
					: {},
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
				);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

/**
 * The floor this machine and the fake allow, measured: the scenario's requests from a bare Node client (node:http,
 * no n8n, no axios) at the same concurrency. The computed floor counts only the fake's 20 ms; the fake's own work
 * and Node's timers add to every answer, for any client.
 */
async function bareConvertr(cv, count, concurrency, tag) {
	const form = (pairs) =>
		pairs
			.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
			.join('&');
	const token = await bareCall(
		`${cv.baseUrl}/oauth/v2/token?${form([
			['grant_type', 'https://convertr.cvtr.io/grants/api_key'],
			['client_id', cv.clientId],
			['client_secret', cv.clientSecret],
			['api_key', cv.apiKey],
		])}`,
		'GET',
	);
	const accessToken = JSON.parse(token.text).access_token;
	const leadsUrl = `${cv.baseUrl}/api/v2.1/publisher/${cv.publisherId}/forms/35/links/25/leads?access_token=${encodeURIComponent(accessToken)}`;
	let next = 0;
	let refused = 0;
	let firstRefusal = '';
	const start = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const i = next++;
				const answer = await bareCall(
					leadsUrl,
					'POST',
					form([
						['form[firstName]', `First ${i}`],
						['form[lastName]', `Last ${i}`],
						['form[email]', `${tag}-lead${i}@example.com`],
						['form[submit]', 'true'],
					]),
				);
				if (answer.status >= 300 && refused++ === 0)
					firstRefusal = `${answer.status} ${answer.text.slice(0, 200)}`;
			}
		}),
	);
	if (refused)
		throw new Error(
			`bare client: ${refused} leads refused by the fake, the first: ${firstRefusal}`,
		);
	return Number(process.hrtime.bigint() - start) / 1e6;
}

function scenarios(fakes, credentials) {
	const creds = sandboxCredentials(fakes);
	const cv = creds.convertrPublisherApi.data;
	const k = creds.kartraApi.data;
	const c = creds.convertExperiencesApi.data;
	// Convertr: the token once, then the leads back from the webhook, one item each, then the lead POSTs
	const convertrB = (options) => [
		httpNode('Get Token', {
			method: 'GET',
			url: `${cv.baseUrl}/oauth/v2/token`,
			sendQuery: true,
			queryParameters: params([
				['grant_type', 'https://convertr.cvtr.io/grants/api_key'],
				['client_id', cv.clientId],
				['client_secret', cv.clientSecret],
				['api_key', cv.apiKey],
			]),
			options: {},
		}),
		{
			id: 'leads',
			name: 'Leads',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'raw',
				jsonOutput: "={{ { items: $('Items In').first().json.body.items } }}",
				options: {},
			},
		},
		{
			id: 'leadsEach',
			name: 'Lead Each',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'items', options: {} },
		},
		httpNode('Post Lead', {
			method: 'POST',
			url: `${cv.baseUrl}/api/v2.1/publisher/${cv.publisherId}/forms/35/links/25/leads`,
			sendQuery: true,
			queryParameters: params([
				['access_token', "={{ $('Get Token').first().json.access_token }}"],
			]),
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: params([
				['form[firstName]', '={{ $json.first }}'],
				['form[lastName]', '={{ $json.last }}'],
				['form[email]', '={{ $json.email }}'],
				['form[submit]', 'true'],
			]),
			options,
		}),
	];
	const kartraCall = (name, actions, options) =>
		httpNode(name, {
			method: 'POST',
			url: `${k.baseUrl}/api`,
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: params([
				['app_id', k.appId],
				['api_key', k.apiKey],
				['api_password', k.apiPassword],
				['lead[email]', "={{ $('One Item Each').item.json.email }}"],
				['lead[first_name]', "={{ $('One Item Each').item.json.first_name }}"],
				...actions,
			]),
			options,
		});
	const kartraB = (options) => [
		kartraCall('Create Lead', [['actions[0][cmd]', 'create_lead']], options),
		kartraCall(
			'Assign Tag',
			[
				['actions[0][cmd]', 'assign_tag'],
				['actions[0][tag_name]', 'VIP'],
			],
			options,
		),
		kartraCall(
			'Subscribe to List',
			[
				['actions[0][cmd]', 'subscribe_lead_to_list'],
				['actions[0][list_name]', 'Main List'],
			],
			options,
		),
	];
	const convertB = (options, userAgent) =>
		httpNode('Track Conversion', {
			method: 'POST',
			url: `${c.metricsBaseUrl}/v1/track/${c.accountId}/${c.projectId}`,
			...(userAgent
				? { sendHeaders: true, headerParameters: params([['User-Agent', 'ConvertAgent/1.0']]) }
				: {}),
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ accountId: "${c.accountId}", projectId: "${c.projectId}", visitors: [{ visitorId: $json.visitor, events: [{ eventType: "conversion", data: { goalId: "100300", goalData: [{ key: "amount", value: $json.amount }] } }] }] }) }}`,
			options,
		});
	const field = (id, displayName) => ({
		id,
		displayName,
		required: false,
		defaultMatch: false,
		display: true,
		type: 'string',
		canBeUsedToMatch: false,
	});
	const convertrA = (mappingMode, extra = {}) => ({
		id: 'a',
		name: 'Convertr Publisher',
		type: `${P}convertrPublisher`,
		typeVersion: 1,
		credentials: { convertrPublisherApi: credentials.convertrPublisherApi },
		parameters: {
			resource: 'lead',
			operation: 'create',
			campaignId: '100',
			formId: '35',
			linkId: '25',
			options: {},
			...extra,
			columns: {
				mappingMode,
				value:
					mappingMode === 'defineBelow'
						? {
								firstName: '={{ $json.first }}',
								lastName: '={{ $json.last }}',
								email: '={{ $json.email }}',
							}
						: {},
				matchingColumns: [],
				schema: [
					field('firstName', 'First Name'),
					field('email', 'Email'),
					field('lastName', 'Last Name'),
				],
			},
		},
	});
	// n8n alone: the same webhook and split with a No Operation node, to show what n8n itself costs for the items
	const noOp = [
		{
			id: 'noop',
			name: 'No Operation',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			parameters: {},
		},
	];
	// n8n's own cost of a mapping: a Set node evaluating the same expressions for every item
	const setNode = (expressions) => [
		{
			id: 'map',
			name: 'Map',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: Object.entries(expressions).map(([name, value], i) => ({
						id: `m${i}`,
						name,
						value,
						type: 'string',
					})),
				},
				options: {},
			},
		},
	];
	const kartraA = (fieldsFrom) => ({
		id: 'a',
		name: 'Kartra Lead',
		type: `${P}kartraLead`,
		typeVersion: 1,
		credentials: { kartraApi: credentials.kartraApi },
		parameters: {
			resource: 'lead',
			operation: 'create',
			email: '={{ $json.email }}',
			...(fieldsFrom === 'autoMap'
				? { fieldsFrom }
				: { leadFields: { first_name: '={{ $json.first_name }}' } }),
			alsoDo: {
				action: [
					{ cmd: 'assign_tag', tagName: 'VIP' },
					{ cmd: 'subscribe_lead_to_list', listName: 'Main List' },
				],
			},
		},
	});
	const convertA = (valuesFrom) => ({
		id: 'a',
		name: 'Convert Track',
		type: `${P}convertTrack`,
		typeVersion: 1,
		credentials: { convertExperiencesApi: credentials.convertExperiencesApi },
		parameters: {
			resource: 'event',
			operation: 'trackConversion',
			...(valuesFrom === 'inputFields'
				? { valuesFrom, visitorIdField: 'visitor', goalIdField: 'goal', amountField: 'amount' }
				: {
						visitorId: '={{ $json.visitor }}',
						goalId: '100300',
						goalData: { amount: '={{ $json.amount }}' },
					}),
		},
	});
	return [
		{
			name: 'Convertr: 1,000 leads',
			service: 'convertr',
			count: 1000,
			item: (i, v) => ({
				first: `First ${i}`,
				last: `Last ${i}`,
				email: `${v}-lead${i}@example.com`,
				// the same values under the form's field names, for Map Automatically
				firstName: `First ${i}`,
				lastName: `Last ${i}`,
			}),
			floorMs: (1000 * LATENCY) / 8,
			floorNote: '1,000 × 20 ms / 8 concurrent',
			variants: {
				'n8n alone': noOp,
				'n8n mapping': setNode({
					firstName: '={{ $json.first }}',
					lastName: '={{ $json.last }}',
					email: '={{ $json.email }}',
				}),
				A: [convertrA('defineBelow')],
				'A (no expressions)': [convertrA('autoMapInputData')],
				// with Skip Already Delivered: items prepared window by window while earlier ones are sent
				'A + Skip Delivered': [
					convertrA('defineBelow', { skipDelivered: true, deliveryHistory: {} }),
				],
				// Convertr asks for under 10 concurrent requests: 8 at a time, a batch every 100 ms
				B: convertrB(batching(8, 100)),
			},
			// B splits after its token node
			splitFirstInB: false,
			bare: async (tag) => await bareConvertr(cv, 1000, 8, tag),
			goal: { variant: 'A (no expressions)', times: 1.3, of: 'n8n alone + floor' },
		},
		{
			name: 'Kartra: 500 leads with a tag and a list',
			service: 'kartra',
			count: 500,
			item: (i, v) => ({ first_name: `First ${i}`, email: `${v}-k${i}@example.com` }),
			floorMs: (500 / 20) * 1000,
			floorNote: '500 calls at 20 per second',
			variants: {
				'n8n alone': noOp,
				'n8n mapping': setNode({
					email: '={{ $json.email }}',
					first_name: '={{ $json.first_name }}',
				}),
				A: [kartraA('setBelow')],
				'A (no expressions)': [kartraA('autoMap')],
				// Kartra allows 20 calls per second: 18 per batch, one batch a second, three calls per lead. It still
				// meets 429s: each HTTP Request node keeps its own pace, and where one node's last batch meets the
				// next node's first, 36 calls fall in one second
				B: kartraB(batching(18, 1000)),
			},
			goal: { variant: 'A (no expressions)', times: 1.05, of: 'floor', no429: true },
		},
		{
			name: 'Convert: 10,000 conversions',
			service: 'convert',
			count: 10000,
			item: (i, v) => ({ visitor: `${v}-visitor-${i}`, goal: '100300', amount: (i % 97) + 0.99 }),
			floorMs: (100 * LATENCY) / 2,
			floorNote: '100 batches × 20 ms / 2 in flight',
			variants: {
				'n8n alone': noOp,
				'n8n mapping': setNode({
					visitorId: '={{ $json.visitor }}',
					amount: '={{ $json.amount }}',
				}),
				A: [convertA('parameters')],
				'A (no expressions)': [convertA('inputFields')],
				// one visitor per request (the HTTP Request node sends one request per item), 50 at a time
				B: [convertB(batching(50, 0), true)],
			},
			goal: { variant: 'A (no expressions)', times: 1.5, of: 'n8n alone + floor' },
		},
	];
}

function rssOf(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
	} catch {
		return 0;
	}
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs one variant once: posts the items to its webhook, times the answer, reads what the fake received. */
async function runVariant({ rest, n8n, fakes, scenario, variant, nodes, round }) {
	const tag = `${
		{
			A: 'a',
			'A (no expressions)': 'a0',
			'A + Skip Delivered': 'ad',
			B: 'b',
			'n8n alone': 'base',
			'n8n mapping': 'map',
		}[variant]
	}${round}`;
	const pathName = `bench-${scenario.service}-${tag}`;
	const wf = webhookFlow(
		`${scenario.name} — ${variant} (${round})`,
		pathName,
		nodes,
		variant !== 'B' || scenario.splitFirstInB !== false,
	);
	const created = await rest.call('POST', '/rest/workflows', wf);
	if (created.status !== 200)
		throw new Error(`import ${wf.name}: ${JSON.stringify(created.body).slice(0, 300)}`);
	const act = await rest.call('POST', `/rest/workflows/${created.data.id}/activate`, {
		versionId: created.data.versionId,
	});
	if (act.status !== 200)
		throw new Error(`activate ${wf.name}: ${JSON.stringify(act.body).slice(0, 300)}`);
	await sleep(1500);
	const fake = fakes[scenario.service];
	const before = await fake.stats();
	const items = Array.from({ length: scenario.count }, (_, i) => scenario.item(i, tag));
	const base = rssOf(n8n.pid);
	let peak = base;
	const sampler = setInterval(() => (peak = Math.max(peak, rssOf(n8n.pid))), 50);
	const start = process.hrtime.bigint();
	const response = await fetch(`${n8n.base}/webhook/${pathName}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	});
	const text = await response.text();
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	clearInterval(sampler);
	await sleep(300);
	const after = await fake.stats();
	await rest.call('POST', `/rest/workflows/${created.data.id}/deactivate`, {});
	const sends = variant.startsWith('A') || variant === 'B';
	return {
		ok: response.status === 200,
		httpStatus: response.status,
		wallMs: Math.round(wallMs),
		requests: after.requests - before.requests,
		stored: !sends
			? 0
			: scenario.service === 'convert'
				? after.events - before.events
				: after.leads - before.leads,
		rateLimited: scenario.service === 'kartra' ? after.rateLimited - before.rateLimited : undefined,
		peakRssMb: Math.round(peak / 1048576),
		answer: response.status === 200 ? undefined : text.slice(0, 160),
	};
}

async function main() {
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	compileFakes();
	const runs = Number(
		/^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 3,
	);
	const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const fakes = {};
	let n8n;
	const results = [];
	try {
		const [convertr, kartra, convert] = await Promise.all([
			startFake('convertr', { latencyMs: LATENCY }),
			startFake('kartra', { latencyMs: LATENCY }),
			startFake('convert', { latencyMs: LATENCY }),
		]);
		Object.assign(fakes, { convertr, kartra, convert });
		convert.configUrl = (await convert.stats()).configUrl;
		n8n = await startN8n({
			userFolder,
			port: await freePort(),
			log: path.join(outDir, 'n8n.log'),
			env: {
				N8N_PAYLOAD_SIZE_MAX: '64',
				// BENCH_PROFILE=dir: n8n writes a CPU profile there when it stops (where the time goes, per function)
				...(process.env.BENCH_PROFILE
					? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` }
					: {}),
			},
			packed: true,
		});
		const rest = restClient(n8n.base);
		if (!(await rest.signIn())) throw new Error('could not sign in');
		const { credentials } = await provision(rest, fakes, { examples: false });
		for (const scenario of scenarios(fakes, credentials).filter(
			(sc) => !only || sc.service === only,
		)) {
			say(
				`\n== ${scenario.name} (${LATENCY} ms latency; floor ${scenario.floorMs} ms = ${scenario.floorNote}; ${runs} runs)`,
			);
			const row = { scenario: scenario.name, floorMs: scenario.floorMs, runs: {}, medians: {} };
			for (let round = 1; round <= runs; round++) {
				for (const [variant, nodes] of Object.entries(scenario.variants)) {
					const figures = await runVariant({ rest, n8n, fakes, scenario, variant, nodes, round });
					(row.runs[variant] ??= []).push(figures);
					say(
						`  run ${round} ${variant.padEnd(19)} ${figures.ok ? 'ok    ' : `HTTP ${figures.httpStatus}`} wall ${String(figures.wallMs).padStart(6)} ms  requests ${String(figures.requests).padStart(6)}  stored ${figures.stored}` +
							`${figures.rateLimited !== undefined ? `  429s ${figures.rateLimited}` : ''}  n8n peak RSS ${figures.peakRssMb} MB`,
					);
					if (figures.answer) say(`      answer: ${figures.answer}`);
				}
				if (scenario.bare) {
					const wallMs = Math.round(await scenario.bare(`bare${round}`));
					(row.runs['bare client'] ??= []).push({ wallMs });
					say(
						`  run ${round} ${'bare client'.padEnd(19)} ok     wall ${String(wallMs).padStart(6)} ms`,
					);
				}
			}
			for (const [variant, list] of Object.entries(row.runs))
				row.medians[variant] = median(list.map((f) => f.wallMs));
			const m = row.medians;
			const floor = scenario.floorMs;
			const added = m.A - (m['n8n mapping'] + floor);
			const goal = scenario.goal;
			const goalBase = goal.of === 'floor' ? floor : m['n8n alone'] + floor;
			const goalWall = m[goal.variant];
			const all429 = (row.runs[goal.variant] ?? []).reduce((n, f) => n + (f.rateLimited ?? 0), 0);
			row.summary = {
				'floor ms': floor,
				'n8n alone ms': m['n8n alone'],
				'n8n mapping ms': m['n8n mapping'],
				'A ms': m.A,
				'A (no expressions) ms': m['A (no expressions)'],
				...(m['A + Skip Delivered'] !== undefined
					? { 'A + Skip Delivered ms': m['A + Skip Delivered'] }
					: {}),
				'B ms': m.B,
				'package added ms (A − (n8n mapping + floor))': Math.round(added),
				'package added / A wall': Number((added / m.A).toFixed(3)),
				'A / B': Number((m.A / m.B).toFixed(3)),
				'A (no expressions) / B': Number((m['A (no expressions)'] / m.B).toFixed(3)),
				[`goal: ${goal.variant} ≤ ${goal.times} × (${goal.of})`]: `${goalWall} ms vs ${Math.round(goal.times * goalBase)} ms: ${goalWall <= goal.times * goalBase ? 'met' : 'missed'}${goal.no429 ? `, 429s ${all429}` : ''}`,
				'goal: added ≤ 10% of A wall': added <= 0.1 * m.A ? 'met' : 'missed',
				...(m['bare client'] !== undefined
					? {
							'bare Node client ms (measured floor)': m['bare client'],
							[`${goal.variant} / bare client`]: Number((goalWall / m['bare client']).toFixed(3)),
							[`${goal.variant} ≤ ${goal.times} × (n8n alone + measured floor)`]: `${goalWall} ms vs ${Math.round(goal.times * (m['n8n alone'] + m['bare client']))} ms: ${goalWall <= goal.times * (m['n8n alone'] + m['bare client']) ? 'met' : 'missed'}`,
							'added against the measured floor (A − (n8n mapping + bare client))': Math.round(
								m.A - (m['n8n mapping'] + m['bare client']),
							),
						}
					: {}),
			};
			say(`  medians of ${runs}:`);
			for (const [key, value] of Object.entries(row.summary)) say(`    ${key.padEnd(48)} ${value}`);
			results.push(row);
		}
	} finally {
		await Promise.all([n8n?.stop(), ...Object.values(fakes).map((f) => f.stop())]);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	fs.writeFileSync(
		path.join(outDir, 'results.json'),
		JSON.stringify({ latencyMs: LATENCY, results }, null, 2),
	);
	say(`\nresults: ${path.relative(root, path.join(outDir, 'results.json'))}`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
