// @ts-check
// The package in n8n's queue mode (npm run test:queue): Redis (Debian's redis-server), PostgreSQL (a throwaway
// cluster), one n8n main process and two workers sharing the user folder (so the package and the encrypted credential
// store), a Convertr delivery workflow fed by 500 webhook calls: every lead delivered exactly once (the fake counts),
// one token request in total (the token lives in the shared credential store), every execution green, both workers
// taking a share; and "Skip Already Delivered" between workers: the same 500 leads sent twice at the same moment, 4
// rounds, each lead once. Everything it starts, it stops by PID. QUEUE_COLD=1 starts the burst with no token stored.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { provision, restClient, startFakes, startN8n } = require('../../../scripts/sandbox');
const { freePort, portInUse, sleep } = require('../../../scripts/util');
const { createActive, executionsOf } = require('../workflows.cjs');

const outDir = path.join(__dirname, '..', '..', '..', '.cache', 'queue');
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

/** What the set-up started: the fakes, n8n's main process (`base`, `rest`) and the sandbox credentials */
const queue = /** @type {{ base: string; rest: any; fakes: any; credentials: any }} */ (
	/** @type {unknown} */ ({})
);
/** @type {Array<{ stop: () => Promise<unknown> } | undefined>} */
const started = [];
/** @type {string} */
let userFolder;

beforeAll(async () => {
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	const redisPort = await freePort();
	started.push(await startRedis(redisPort));
	const pgPort = await freePort();
	started.push(await startPostgres(pgPort));
	const fakes = await startFakes();
	started.push(fakes);
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
	const main = await startN8n({
		userFolder,
		port,
		env: queueEnv,
		log: path.join(outDir, 'main.log'),
		packed: true,
	});
	started.unshift(main);
	for (let w = 0; w < 2; w++) {
		const health = await freePort();
		started.unshift(
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
	const rest = restClient(main.base);
	if (!(await rest.signIn())) throw new Error('could not sign in');
	const { credentials } = await provision(rest, fakes, { examples: false });
	Object.assign(queue, { base: main.base, rest, fakes, credentials });
}, 300_000);

// n8n's processes and the fakes first, then Redis and PostgreSQL under them
afterAll(async () => {
	for (const service of started) await service?.stop();
	if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
}, 120_000);

/**
 * The burst: CALLS webhook calls, 50 at a time, after one lead that stores the token (unless QUEUE_COLD=1). Made once,
 * by the first test that reads it: the webhooks' answers, the fake's counts, the executions by status, and the jobs
 * each worker's own log says it ran ("Worker started execution 12 (job 12)").
 */
async function runBurst() {
	const { base, rest, fakes, credentials } = queue;
	const wf = /** @type {any} */ (structuredClone(workflow));
	wf.nodes[1].credentials.convertrPublisherApi = credentials.convertrPublisherApi;
	const created = await createActive(rest, wf);
	await sleep(1500);
	const post = async (/** @type {number} */ n) => {
		const r = await fetch(`${base}/webhook/queue-lead`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: `queue${n}@example.com`, firstName: `Q${n}` }),
		});
		await r.text();
		return r.status;
	};
	const statuses = [];
	let next = 0;
	if (!COLD) {
		statuses.push(await post(next++));
		for (let i = 0; i < 100 && (await fakes.convertr.stats()).leads < 1; i++) await sleep(100);
		await sleep(500);
	}
	await Promise.all(
		Array.from({ length: 50 }, async () => {
			while (next < CALLS) statuses.push(await post(next++));
		}),
	);
	const deadline = Date.now() + 120_000;
	while ((await fakes.convertr.stats()).leads < CALLS && Date.now() < deadline) await sleep(500);
	await sleep(2000); // executions finish saving
	/** @type {Record<string, number>} */
	const byStatus = {};
	for (const status of ['success', 'error', 'crashed', 'running', 'new', 'waiting', 'canceled']) {
		const r = await rest.call(
			'GET',
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: created.id, status: [status] }))}&limit=1`,
		);
		byStatus[status] = r.data?.count ?? 0;
	}
	const jobs = [1, 2].map(
		(w) =>
			new Set(
				[
					...fs
						.readFileSync(path.join(outDir, `worker${w}.log`), 'utf8')
						.matchAll(/Worker started execution (\d+)/g),
				].map((m) => m[1]),
			),
	);
	return { statuses, stats: await fakes.convertr.stats(), byStatus, jobs };
}
/** @type {ReturnType<typeof runBurst> | undefined} */
let burstRun;
const burst = async () => await (burstRun ??= runBurst());

test(`a burst of ${CALLS} webhook calls: every call answered 200`, async () => {
	const { statuses } = await burst();
	assert(
		statuses.filter((s) => s === 200).length === CALLS,
		`${statuses.filter((s) => s === 200).length} of ${CALLS} answered 200`,
	);
}, 300_000);

test('every lead of the burst delivered exactly once', async () => {
	const { stats } = await burst();
	assert(
		stats.leads === CALLS && stats.distinctEmails === CALLS && stats.leadPosts === CALLS,
		`${stats.leadPosts} lead POSTs, ${stats.leads} leads stored, ${stats.distinctEmails} distinct e-mails`,
	);
}, 300_000);

test(
	COLD
		? 'the cold burst: at most one token request per worker'
		: 'one token request for the whole burst: every worker takes the token from the shared credential store',
	async () => {
		const { stats } = await burst();
		assert(
			COLD ? stats.tokenRequests >= 1 && stats.tokenRequests <= 2 : stats.tokenRequests === 1,
			`${stats.tokenRequests} token requests`,
		);
	},
	300_000,
);

test(`the burst's ${CALLS} executions all succeeded`, async () => {
	const { byStatus } = await burst();
	assert(
		byStatus.success === CALLS && byStatus.error === 0 && byStatus.crashed === 0,
		`executions by status: ${JSON.stringify(byStatus)}`,
	);
}, 300_000);

// the token test above only means something if more than one worker took the token from the store
test('both workers ran a share of the burst (a tenth each at least), each execution once', async () => {
	const { jobs } = await burst();
	const share = Math.ceil(CALLS / 10);
	assert(
		jobs.every((ids) => ids.size >= share) &&
			jobs.reduce((n, ids) => n + ids.size, 0) === CALLS &&
			new Set(jobs.flatMap((ids) => [...ids])).size === CALLS,
		`jobs per worker: ${jobs.map((ids) => ids.size).join(' + ')}`,
	);
}, 300_000);

/**
 * The same 500 leads sent twice through the webhook, the second call as soon as the first is answered, so that the two
 * executions deliver at the same time and their store calls meet. Which worker takes a job is up to the queue: 4
 * rounds (each with its own 500 leads; the node's history exists from the second round on, so its calls read and
 * write one row). Made once, by the first test that reads it.
 */
async function runRounds() {
	const { base, rest, fakes, credentials } = queue;
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
		const [first, second] = [...runs].sort((a, b) => Number(a.id) - Number(b.id));
		rounds.push({
			round,
			statuses,
			atSecondCall,
			posts: stored.length,
			distinct: counts.size,
			twice: [...counts.values()].filter((n) => n > 1).length,
			executions: runs.map((r) => r.status),
			overlapped:
				runs.length === 2 && new Date(second.startedAt) < new Date(first.stoppedAt ?? Date.now()),
			workers: runs.map((r) => workerOf(r.id)).sort(),
		});
		for (const r of runs) earlier.add(r.id);
	}
	await fakes.convertr.configure({ latencyMs: 0 });
	return rounds;
}
/** @type {ReturnType<typeof runRounds> | undefined} */
let roundsRun;
const rounds = async () => await (roundsRun ??= runRounds());

test(`Skip Already Delivered across workers: the same 500 leads sent twice, the two executions at the same time: each lead at the fake once (${ROUNDS} rounds)`, async () => {
	const all = await rounds();
	for (const r of all)
		assert(
			r.posts === 500 &&
				r.distinct === 500 &&
				r.twice === 0 &&
				r.atSecondCall < 500 &&
				r.overlapped &&
				r.executions.length === 2 &&
				r.executions.every((status) => status === 'success'),
			`round ${r.round}: ${JSON.stringify(r)}`,
		);
}, 600_000);

test('Skip Already Delivered across workers: in one round at least, the two executions ran on the two workers', async () => {
	const all = await rounds();
	assert(
		all.some((r) => new Set(r.workers).size === 2),
		`workers per round: ${JSON.stringify(all.map((r) => r.workers))}`,
	);
}, 600_000);
