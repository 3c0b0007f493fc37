// @ts-check
// Every error class in a real n8n (part of `npm run test:e2e`, and of the compatibility matrix's run on each older
// n8n, where the request helper hands a node a failed request's answer in another shape): the fakes answer a lead
// with Convertr's 400, 403 or 404, with a 429 (Retry-After) or a 503, a read with an HTML 502; Kartra rate-limits a
// burst; Convert refuses its key. With "On Error" set to Continue each item's output says what became of it (the
// error output is checked apart: n8n before 2.35.3 routes these items differently, see the README's Compatibility).
'use strict';
const { nodeType } = require('./sandbox');
const {
	convertrLeadNode,
	createActive,
	executionsOf,
	noOp,
	storedItems,
	webhookNode,
	webhookPoster,
	workflowOf,
} = require('./e2eWorkflows');
const { expect, sleep, waitFor } = require('./util');

const json = (status, body, headers = {}) => ({ status, body, headers });

/**
 * @param {(name: string, fn: () => Promise<string | void>) => Promise<void>} check
 * @param {{ rest: any; fakes: any; credentials: any; n8n: { base: string } }} env
 */
async function runErrorChecks(check, { rest, fakes, credentials, n8n }) {
	const post = webhookPoster(n8n.base);

	/** webhook → Split Out body.leads → `node` ("On Error": Continue) → Done; active, its webhook registered */
	const errorWorkflow = async (name, hookPath, node) => {
		const created = await createActive(
			rest,
			workflowOf(
				name,
				[
					webhookNode('In', hookPath, 'onReceived'),
					{
						name: 'Split',
						type: 'n8n-nodes-base.splitOut',
						parameters: { fieldToSplitOut: 'body.leads', options: {} },
					},
					{ ...node, name: 'Node', onError: 'continueRegularOutput' },
					noOp('Done'),
				],
				[
					['In', 0, 'Split'],
					['Split', 0, 'Node'],
					['Node', 0, 'Done'],
				],
			),
		);
		await sleep(1000); // the webhook registers just after activation
		return created;
	};

	/** Posts the leads, waits for the execution they start; the node's items that succeeded and those that failed */
	const runWith = async (workflow, hookPath, leads) => {
		const before = new Set((await executionsOf(rest, workflow.id)).map((e) => e.id));
		expect((await post(hookPath, { leads })).status === 200, 'the webhook did not answer');
		const run = await waitFor(
			`the execution of ${workflow.name}`,
			async () =>
				(await executionsOf(rest, workflow.id)).find(
					(e) => !before.has(e.id) && !['running', 'new', 'waiting'].includes(e.status),
				),
			90_000,
		);
		expect(run.status === 'success', `the execution ended ${run.status}`);
		const items = await storedItems(rest, run.id, 'Node', 0);
		expect(
			items.length === leads.length && items.every((i, n) => i.pairedItem?.item === n),
			`${items.length} items out for ${leads.length} in, or out of order`,
		);
		const failed = items
			.filter((i) => i.json.error !== undefined)
			.map((i) => ({
				item: i.pairedItem?.item,
				error: String(i.json.error),
				httpCode: i.json.httpCode,
			}));
		const ok = items.filter((i) => i.json.error === undefined).map((i) => i.pairedItem?.item);
		return { ok, failed };
	};

	const emailsAtConvertr = async (domain) =>
		(await fakes.convertr.detail()).leads
			.map((l) => String(l.form?.email ?? ''))
			.filter((email) => email.endsWith(`@${domain}`));

	const convertrNode = convertrLeadNode(
		'Node',
		credentials.convertrPublisherApi,
		'={{ $json.email }}',
	);
	const leadPost = (email) => ({ method: 'POST', path: '/leads', body: email });

	await check(
		"Convertr's 400, 403 and 404 each fail their own lead in Convertr's words and status, as answers that stored nothing",
		async () => {
			const domain = 'refusals.e2e.example.com';
			const leads = ['ok1', 'bad400', 'bad403', 'bad404', 'ok2'].map((n) => ({
				email: `${n}@${domain}`,
			}));
			await fakes.convertr.configure({
				faults: [
					{
						...leadPost(leads[1].email),
						times: 1,
						answer: json(400, {
							code: 400,
							message: 'Validation Failed',
							errors: {
								errors: [],
								children: { firstName: { errors: ['This value should not be blank.'] } },
							},
						}),
					},
					{
						...leadPost(leads[2].email),
						times: 1,
						answer: json(403, { code: 403, message: 'Campaign has not started yet' }),
					},
					{
						...leadPost(leads[3].email),
						times: 1,
						answer: json(404, { code: 404, message: 'Link not found' }),
					},
				],
			});
			const wf = await errorWorkflow(
				'e2e: Convertr refusals',
				'e2e-convertr-refusals',
				convertrNode,
			);
			const { ok, failed } = await runWith(wf, 'e2e-convertr-refusals', leads);
			expect(JSON.stringify(ok) === '[0,4]', `delivered: ${JSON.stringify(ok)}`);
			const [f400, f403, f404] = failed;
			expect(
				failed.length === 3 &&
					f400.item === 1 &&
					/^Convertr rejected the data: Validation Failed \(form\[firstName\]: This value should not be blank\.\)/.test(
						f400.error,
					) &&
					f400.httpCode === '400' &&
					f403.item === 2 &&
					f403.error === 'Convertr refused the request: Campaign has not started yet' &&
					f403.httpCode === '403' &&
					f404.item === 3 &&
					/ was not found on Convertr: Link not found$/.test(f404.error) &&
					f404.httpCode === '404',
				`error output: ${JSON.stringify(failed)}`,
			);
			expect(
				(await fakes.convertr.stats()).faultsPending === 0,
				'an injected refusal was never met',
			);
			expect(
				failed.every((f) => !/may already have stored/.test(f.error)),
				'a refusal is said to have maybe stored the lead',
			);
			expect(
				(await emailsAtConvertr(domain)).sort().join() ===
					[leads[0].email, leads[4].email].sort().join(),
				'the fake stored other leads than the two it accepted',
			);
		},
	);

	await check(
		'Convertr: a 429 with Retry-After and a 503 on a lead, an HTML 502 on the field list, are waited out and asked again: every lead delivered once',
		async () => {
			const domain = 'retries.e2e.example.com';
			const leads = Array.from({ length: 6 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
			await fakes.convertr.configure({
				faults: [
					{
						...leadPost(leads[1].email),
						times: 1,
						answer: json(429, { code: 429, message: 'Too many requests' }, { 'Retry-After': '1' }),
					},
					{
						...leadPost(leads[3].email),
						times: 1,
						answer: json(503, { code: 503, message: 'Service unavailable' }),
					},
					{
						method: 'GET',
						path: '/publisher/fields/',
						times: 1,
						answer: { status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
					},
				],
			});
			const wf = await errorWorkflow('e2e: Convertr retries', 'e2e-convertr-retries', convertrNode);
			const { ok, failed } = await runWith(wf, 'e2e-convertr-retries', leads);
			expect(failed.length === 0, `failed: ${JSON.stringify(failed)}`);
			expect(JSON.stringify(ok) === '[0,1,2,3,4,5]', `delivered: ${JSON.stringify(ok)}`);
			const { faultsPending } = await fakes.convertr.stats();
			expect(faultsPending === 0, `${faultsPending} of the 3 injected failures were never met`);
			const arrived = await emailsAtConvertr(domain);
			expect(
				arrived.length === 6 && new Set(arrived).size === 6,
				`${arrived.length} leads at the fake, ${new Set(arrived).size} distinct (6 expected once each)`,
			);
		},
	);

	await check("Kartra's 429 to a burst is waited out: every lead created once", async () => {
		const domain = 'burst.e2e.example.com';
		const leads = Array.from({ length: 6 }, (_, i) => ({ email: `lead${i + 1}@${domain}` }));
		const wf = await errorWorkflow('e2e: Kartra burst', 'e2e-kartra-burst', {
			type: nodeType('kartraLead'),
			credentials: { kartraApi: credentials.kartraApi },
			parameters: {
				resource: 'lead',
				operation: 'create',
				email: '={{ $json.email }}',
				options: {},
			},
		});
		const before = (await fakes.kartra.stats()).rateLimited;
		await fakes.kartra.configure({ ratePerSecond: 2 });
		try {
			const { ok, failed } = await runWith(wf, 'e2e-kartra-burst', leads);
			expect(failed.length === 0, `failed: ${JSON.stringify(failed)}`);
			expect(ok.length === 6, `created: ${JSON.stringify(ok)}`);
		} finally {
			await fakes.kartra.configure({ ratePerSecond: 20 });
		}
		const stored = (await fakes.kartra.detail()).leads.filter((l) =>
			l.email.endsWith(`@${domain}`),
		);
		const refused = (await fakes.kartra.stats()).rateLimited - before;
		expect(stored.length === 6, `${stored.length} leads at the fake, not 6`);
		// the burst did meet Kartra's limit: the check proves the 429s were waited out
		expect(refused > 0, 'the fake answered no 429 to the burst');
		return `${refused} answers of 429 to the burst, 6 leads created once each`;
	});

	await check(
		"Convert's 401 fails each conversion in Convert's words, with its status",
		async () => {
			await fakes.convert.configure({
				faults: [
					{
						method: 'POST',
						body: 'refused-v',
						times: 10,
						answer: json(401, { code: 401, message: 'Invalid SDK key' }),
					},
				],
			});
			const wf = await errorWorkflow('e2e: Convert refusal', 'e2e-convert-refusal', {
				type: nodeType('convertTrack'),
				credentials: { convertExperiencesApi: credentials.convertExperiencesApi },
				parameters: {
					resource: 'event',
					operation: 'trackConversion',
					visitorId: '={{ $json.visitor }}',
					goalId: '100300',
					options: { batchSize: 1 },
				},
			});
			const { ok, failed } = await runWith(wf, 'e2e-convert-refusal', [
				{ visitor: 'refused-v1' },
				{ visitor: 'refused-v2' },
			]);
			expect(ok.length === 0, `tracked: ${JSON.stringify(ok)}`);
			expect(
				failed.length === 2 &&
					failed.every((f) => /Invalid SDK key/.test(f.error) && f.httpCode === '401'),
				`error output: ${JSON.stringify(failed)}`,
			);
		},
	);
}

module.exports = { runErrorChecks };
