#!/usr/bin/env node
// @ts-check
// npm run test:queue: the package in n8n's queue mode. Redis (Debian's redis-server), one n8n main process and two
// workers sharing the user folder (so the package and the encrypted credential store), a Convertr delivery
// workflow fed by 500 webhook calls. Checks: every lead delivered exactly once (the fake counts), one token request
// in total (the token lives in the shared credential store), no failed execution; and "Skip Already Delivered"
// between workers: the same 500 leads sent twice at the same moment, 4 rounds, each lead once. Everything it starts, it stops
// by PID. Last line: `queue: N passed, N failed`; the figures also go to .cache/queue/results.json.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createActive, executionsOf } = require('./e2eWorkflows');
const { compileFakes, provision, restClient, startFakes, startN8n } = require('./sandbox');
const { freePort, portInUse, say, sleep } = require('./util');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.cache', 'queue');
const CALLS = Number(process.env.QUEUE_CALLS || 500);
/** QUEUE_COLD=1: the burst starts with no token stored; each worker may then fetch one (no lock spans processes) */
const COLD = process.env.QUEUE_COLD === '1';
/** Rounds of "the same 500 leads twice" */
const ROUNDS = 4;

/** Installs a Debian package when its file is missing. */
function ensureDebian(pkg, file) {
	if (fs.existsSync(file())) return file();
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args) =>
		execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
			stdio: 'ignore',
		});
	try {
		apt(['install', '-y', '-q', pkg]);
	} catch {
		apt(['update', '-q']);
		apt(['install', '-y', '-q', pkg]);
	}
	return file();
}

const ensureRedis = () => ensureDebian('redis-server', () => '/usr/bin/redis-server');

function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base)
		? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))
		: [];
	return versions.length ? path.join(base, versions[0], 'bin') : path.join(base, 'none', 'bin');
}

/**
 * A throwaway PostgreSQL cluster (Debian's postgresql) in a temp folder: queue mode needs a database that several
 * processes can write at once (SQLite answers SQLITE_BUSY). As root it runs as the `postgres` user.
 */
async function startPostgres(port) {
	const bin = path.dirname(ensureDebian('postgresql', () => path.join(postgresBinDir(), 'initdb')));
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const asUser = {};
	if (process.getuid?.() === 0) {
		const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
		asUser.uid = id('-u');
		asUser.gid = id('-g');
		fs.chownSync(dir, asUser.uid, asUser.gid);
	}
	execFileSync(
		path.join(bin, 'initdb'),
		['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync'],
		{ stdio: 'ignore', ...asUser },
	);
	const child = spawn(
		path.join(bin, 'postgres'),
		[
			'-D',
			path.join(dir, 'data'),
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200',
		],
		{
			stdio: 'ignore',
			...asUser,
		},
	);
	for (let i = 0; i < 100; i++) {
		try {
			execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
				stdio: 'ignore',
			});
			break;
		} catch {
			await sleep(200);
		}
	}
	execFileSync(
		path.join(bin, 'createdb'),
		['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n'],
		{ stdio: 'ignore' },
	);
	return {
		pid: child.pid,
		stop: () =>
			new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
				const done = () => {
					fs.rmSync(dir, { recursive: true, force: true });
					resolve();
				};
				if (child.exitCode !== null) return done();
				child.once('exit', done);
				process.kill(Number(child.pid), 'SIGINT'); // fast shutdown
			}),
	};
}

async function startRedis(port) {
	const child = spawn(
		ensureRedis(),
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' },
	);
	for (let i = 0; i < 100 && !(await portInUse(port)); i++) await sleep(100);
	return {
		pid: child.pid,
		stop: () =>
			new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				process.kill(Number(child.pid), 'SIGTERM');
			}),
	};
}

const workflow = {
	name: 'Queue: webhook → Convertr',
	nodes: [
		{
			id: 'w',
			name: 'Lead In',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			parameters: {
				httpMethod: 'POST',
				path: 'queue-lead',
				responseMode: 'onReceived',
				options: {},
			},
			webhookId: '9a1f6f0e-0000-4000-8000-00000000q001',
		},
		{
			id: 'c',
			name: 'Deliver to Convertr',
			type: 'n8n-nodes-convertr-kartra-convert.convertrPublisher',
			typeVersion: 1,
			position: [260, 0],
			credentials: { convertrPublisherApi: { id: 'sandbox-convertr', name: 'Convertr (sandbox)' } },
			parameters: {
				resource: 'lead',
				operation: 'create',
				campaignId: '100',
				formId: '35',
				linkId: '25',
				columns: {
					mappingMode: 'defineBelow',
					value: { email: '={{ $json.body.email }}', firstName: '={{ $json.body.firstName }}' },
					matchingColumns: [],
					schema: [
						{
							id: 'firstName',
							displayName: 'First Name',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: false,
						},
						{
							id: 'email',
							displayName: 'Email',
							required: true,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: false,
						},
					],
				},
			},
		},
	],
	connections: { 'Lead In': { main: [[{ node: 'Deliver to Convertr', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
};

/** Webhook → Split Out → Convertr Lead → Create with Skip Already Delivered: a list of leads per call */
const batchWorkflow = {
	name: 'Queue: a list of leads, Skip Already Delivered',
	nodes: [
		{
			...workflow.nodes[0],
			id: 'bw',
			parameters: { ...workflow.nodes[0].parameters, path: 'queue-batch' },
			webhookId: '9a1f6f0e-0000-4000-8000-00000000q002',
		},
		{
			id: 'bs',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [130, 0],
			parameters: { fieldToSplitOut: 'body.leads', options: {} },
		},
		{
			...workflow.nodes[1],
			id: 'bc',
			parameters: {
				...workflow.nodes[1].parameters,
				columns: {
					...workflow.nodes[1].parameters.columns,
					value: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}' },
				},
				skipDelivered: true,
				deliveryHistory: {},
			},
		},
	],
	connections: {
		'Lead In': { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
		Split: { main: [[{ node: 'Deliver to Convertr', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
};

/** Which worker ran each execution, by the workers' own logs ("Worker started execution 12 (job 12)") */
function workerOf(executionId) {
	for (let w = 0; w < 2; w++) {
		const log = fs.readFileSync(path.join(outDir, `worker${w + 1}.log`), 'utf8');
		if (new RegExp(`Worker started execution ${executionId}\\b`).test(log)) return w + 1;
	}
	return 0;
}

/**
 * The same 500 leads sent twice through the webhook, the second call as soon as the first is answered, so that the two
 * executions deliver at the same time and their store calls meet. Which worker takes a job is up to the queue: 4
 * rounds (each with its own 500 leads; the node's history exists from the second round on, so its calls read and
 * write one row); at least one round must have run on both workers. Every round: each lead at the fake exactly once.
 */
async function sameLeadsTwice({ base, rest, fakes, credentials, figures, checks }) {
	const wf = /** @type {any} */ (structuredClone(batchWorkflow));
	wf.nodes[2].credentials.convertrPublisherApi = credentials.convertrPublisherApi;
	const created = await createActive(rest, wf);
	await sleep(1500);
	// slow enough that the second call comes while the first execution is delivering
	await fakes.convertr.configure({ latencyMs: 15 });
	const rounds = [];
	const earlier = new Set();
	for (let round = 1; round <= ROUNDS; round++) {
		const leads = Array.from({ length: 500 }, (_, i) => ({
			email: `twice${round}-${i}@example.com`,
			firstName: `T${i}`,
		}));
		const ofRound = (detail) =>
			detail.leads.filter((l) => String(l.form?.email).startsWith(`twice${round}-`));
		const call = async () => {
			const r = await fetch(`${base}/webhook/queue-batch`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ leads }),
			});
			await r.text();
			return r.status;
		};
		const statuses = [await call()];
		const atSecondCall = ofRound(await fakes.convertr.detail()).length;
		statuses.push(await call());
		/** @type {any[]} */
		let runs = [];
		for (let i = 0; i < 240; i++) {
			runs = (await executionsOf(rest, created.id)).filter((r) => !earlier.has(r.id));
			if (runs.length === 2 && runs.every((r) => !['new', 'running'].includes(r.status))) break;
			await sleep(500);
		}
		const stored = ofRound(await fakes.convertr.detail());
		const counts = new Map();
		for (const lead of stored) counts.set(lead.form.email, (counts.get(lead.form.email) ?? 0) + 1);
		const workers = runs.map((r) => workerOf(r.id)).sort();
		const [first, second] = [...runs].sort((a, b) => Number(a.id) - Number(b.id));
		const overlapped =
			runs.length === 2 && new Date(second.startedAt) < new Date(first.stoppedAt ?? Date.now());
		const result = {
			round,
			'webhook answers': statuses,
			'leads at the fake when the second call came': atSecondCall,
			'lead POSTs': stored.length,
			'distinct leads': counts.size,
			'leads twice': [...counts.values()].filter((n) => n > 1).length,
			executions: runs.map((r) => r.status),
			'ran at the same time': overlapped,
			workers,
		};
		rounds.push(result);
		say(`  round ${round}: ${JSON.stringify(result)}`);
		for (const r of runs) earlier.add(r.id);
	}
	await fakes.convertr.configure({ latencyMs: 0 });
	figures['same 500 leads twice (rounds)'] = rounds;
	checks.push([
		`the same 500 leads sent twice, the two executions at the same time: 500 leads at the fake, each once (${ROUNDS} rounds)`,
		rounds.every(
			(r) =>
				r['lead POSTs'] === 500 &&
				r['distinct leads'] === 500 &&
				r['leads twice'] === 0 &&
				r['leads at the fake when the second call came'] < 500 &&
				r['ran at the same time'] &&
				r.executions.length === 2 &&
				r.executions.every((status) => status === 'success'),
		),
	]);
	const split = rounds.find((r) => new Set(r.workers).size === 2);
	checks.push([
		`… and in a round whose two executions ran on the two workers: ${split ? `round ${split.round}` : `none in ${ROUNDS} rounds`}`,
		split !== undefined,
	]);
}

async function main() {
	const started = Date.now();
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
	compileFakes();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	const checks = [];
	const figures = { calls: CALLS };
	let redis;
	let postgres;
	let fakes;
	let main;
	const workers = [];
	try {
		const redisPort = await freePort();
		redis = await startRedis(redisPort);
		const pgPort = await freePort();
		postgres = await startPostgres(pgPort);
		fakes = await startFakes();
		const queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_ENCRYPTION_KEY: 'queue-test-encryption-key-0123456789',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const port = await freePort();
		main = await startN8n({
			userFolder,
			port,
			env: queueEnv,
			log: path.join(outDir, 'main.log'),
			packed: true,
		});
		for (let w = 0; w < 2; w++) {
			const health = await freePort();
			workers.push(
				await startN8n({
					userFolder,
					port,
					command: ['worker', '--concurrency=10'],
					packed: true,
					readyPort: health,
					env: {
						...queueEnv,
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(health),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					},
					log: path.join(outDir, `worker${w + 1}.log`),
				}),
			);
		}
		say(
			`queue: postgres ${postgres.pid}, redis ${redis.pid}, main ${main.pid}, workers ${workers.map((w) => w.pid).join(', ')}, fakes up (${Math.round((Date.now() - started) / 1000)} s)`,
		);
		const rest = restClient(main.base);
		if (!(await rest.signIn())) throw new Error('could not sign in');
		const { credentials } = await provision(rest, fakes, { examples: false });
		const wf = /** @type {any} */ (structuredClone(workflow));
		wf.nodes[1].credentials.convertrPublisherApi = credentials.convertrPublisherApi;
		const created = await createActive(rest, wf);
		await sleep(1500);

		// One lead first: a running system has its token in the credential store already; the burst then shows
		// that every worker takes it from there. (A cold burst makes each worker fetch one: see the README.)
		const statuses = [];
		let next = 0;
		if (!COLD) {
			const warm = await fetch(`${main.base}/webhook/queue-lead`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'queue0@example.com', firstName: 'Q0' }),
			});
			await warm.text();
			statuses.push(warm.status);
			next = 1;
			for (let i = 0; i < 100 && (await fakes.convertr.stats()).leads < 1; i++) await sleep(100);
			await sleep(500);
		}
		const sendStart = Date.now();
		await Promise.all(
			Array.from({ length: 50 }, async () => {
				while (next < CALLS) {
					const n = next++;
					const r = await fetch(`${main.base}/webhook/queue-lead`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ email: `queue${n}@example.com`, firstName: `Q${n}` }),
					});
					statuses.push(r.status);
					await r.text();
				}
			}),
		);
		figures['webhook calls answered 200'] = statuses.filter((s) => s === 200).length;
		const deadline = Date.now() + 120_000;
		let stats = await fakes.convertr.stats();
		while (stats.leads < CALLS && Date.now() < deadline) {
			await sleep(500);
			stats = await fakes.convertr.stats();
		}
		figures['seconds from first call to last lead'] =
			Math.round((Date.now() - sendStart) / 100) / 10;
		await sleep(2000); // executions finish saving
		const list = await rest.call(
			'GET',
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: created.id }))}&limit=1`,
		);
		const byStatus = {};
		for (const status of ['success', 'error', 'crashed', 'running', 'new', 'waiting', 'canceled']) {
			const r = await rest.call(
				'GET',
				`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: created.id, status: [status] }))}&limit=1`,
			);
			byStatus[status] = r.data?.count ?? 0;
		}
		stats = await fakes.convertr.stats();
		figures['executions'] = list.data?.count;
		figures['executions by status'] = byStatus;
		figures['lead POSTs'] = stats.leadPosts;
		figures['leads stored'] = stats.leads;
		figures['distinct emails'] = stats.distinctEmails;
		figures['token requests'] = stats.tokenRequests;
		// what each worker's own log says it ran ("Worker started execution 12 (job 12)")
		const jobs = workers.map(
			(_worker, w) =>
				new Set(
					[
						...fs
							.readFileSync(path.join(outDir, `worker${w + 1}.log`), 'utf8')
							.matchAll(/Worker started execution (\d+)/g),
					].map((m) => m[1]),
				),
		);
		jobs.forEach((ids, w) => (figures[`worker ${w + 1} jobs`] = ids.size));
		checks.push([
			'every webhook call answered 200',
			figures['webhook calls answered 200'] === CALLS,
		]);
		checks.push([
			'every lead delivered exactly once',
			stats.leads === CALLS && stats.distinctEmails === CALLS && stats.leadPosts === CALLS,
		]);
		if (COLD)
			checks.push([
				`at most one token request per worker (cold start): ${stats.tokenRequests}`,
				stats.tokenRequests >= 1 && stats.tokenRequests <= workers.length,
			]);
		else checks.push(['one token request in total', stats.tokenRequests === 1]);
		await sameLeadsTwice({ base: main.base, rest, fakes, credentials, figures, checks });
		checks.push([
			`${CALLS} executions, all successful`,
			byStatus.success === CALLS && byStatus.error === 0 && byStatus.crashed === 0,
		]);
		// the token check above only means something if more than one worker took the token from the store
		const share = Math.ceil(CALLS / 10);
		checks.push([
			`both workers ran a share (at least ${share} each), and each execution ran once: ${jobs.map((ids) => ids.size).join(' + ')}`,
			jobs.every((ids) => ids.size >= share) &&
				jobs.reduce((n, ids) => n + ids.size, 0) === CALLS &&
				new Set(jobs.flatMap((ids) => [...ids])).size === CALLS,
		]);
	} catch (error) {
		checks.push([`setup: ${error instanceof Error ? String(error.stack) : String(error)}`, false]);
	} finally {
		await Promise.all([main?.stop(), ...workers.map((w) => w.stop()), fakes?.stop()]);
		await Promise.all([redis?.stop(), postgres?.stop()]);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	for (const [name, value] of Object.entries(figures))
		say(`  ${name.padEnd(38)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
	for (const [name, ok] of checks) say(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
	const passed = checks.filter(([, ok]) => ok).length;
	const failed = checks.length - passed;
	fs.writeFileSync(
		path.join(outDir, 'results.json'),
		JSON.stringify(
			{ passed, failed, figures, checks, seconds: Math.round((Date.now() - started) / 1000) },
			null,
			2,
		),
	);
	say(`queue: ${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
	process.exit(failed === 0 ? 0 : 1);
}

main();
