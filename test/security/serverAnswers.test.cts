// Crafted answers from the servers the nodes talk to: a Convert config whose patterns backtrack, error pages and
// validation answers of any size, a token endpoint that echoes the credential's secrets, an n8n API that redirects
// elsewhere. None may block n8n's process, show a secret, or carry the API key to another address.
import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import { ConvertrPublisherApi } from '../../credentials/ConvertrPublisherApi.credentials';
import { ConvertrLeadResultTrigger } from '../../nodes/Convertr/ConvertrLeadResultTrigger.node';
import { interpretLeadResult } from '../../nodes/Convertr/actions/lead/getResult.operation';
import { blankFieldsIn } from '../../nodes/Convertr/campaign';
import { describeValidationErrors } from '../../nodes/Convertr/transport';
import { compilePattern, statesVisited } from '../../nodes/Convert/pattern';
import { rulesMatch } from '../../nodes/Convert/targeting';
import { pageText } from '../../credentials/common/httpFailure';
import { CONVERTR_SECRETS } from '../fakes/convertr.cjs';
import { type FakeServer, startFakeServer } from '../fakes/httpServer.cjs';
import { N8N_API_KEY, startN8nApiFake } from '../fakes/n8nApi.cjs';
import {
	bucketVisitor,
	convertNode,
	convertSetup,
	ruleTree as tree,
	targetingRule as rule,
} from '../harness/convert.cjs';
import { convertrSetup, emailsOf, publisherNode, simpleMapping } from '../harness/convertr.cjs';
import { kartraNode, kartraSetup, lead } from '../harness/kartra.cjs';

const CATASTROPHIC = '^(a+)+$';

describe('Convert patterns', () => {
	test.each([31, 4_096])(
		'a nested repetition against a %i-character text is matched in work linear in the text',
		(length) => {
			const compiled = compilePattern(CATASTROPHIC);
			const states = compiled.test ? (compiled.states ?? Infinity) : Infinity;
			const before = statesVisited();
			const matched = rulesMatch(
				{ url: `${'a'.repeat(length)}!` },
				tree([rule('url', 'regexMatches', CATASTROPHIC)]),
			);
			expect(matched).toBe(false);
			// each of the pattern's few states is visited at most once per position of the text
			expect(states).toBeLessThan(20);
			expect(statesVisited() - before).toBeLessThanOrEqual(states * (length + 2));
		},
	);

	/** Visitor → Bucket for one visitor on a page, every experience of the fake's project located by one pattern */
	async function bucketOnPattern(pattern: string, pageUrl: string) {
		const setup = await convertSetup();
		setup.fake.project.locations = [
			{ id: '800', key: 'crafted', rules: tree([rule('url', 'regexMatches', pattern)]) },
		];
		for (const experience of setup.fake.project.experiences)
			(experience as IDataObject).locations = ['800'];
		const result = await setup.harness.run({
			nodeType: convertNode,
			parameters: bucketVisitor({ pageUrl }),
			items: [{}],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		return result;
	}

	test('a visitor on a 35-character URL against that pattern is decided, kept out by location', async () => {
		const result = await bucketOnPattern(CATASTROPHIC, `${'a'.repeat(34)}!`);
		expect(result.error).toBeUndefined();
		const out = result.items[0].json.notBucketed as IDataObject[];
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((o) => o.rule === 'location')).toBe(true);
	});

	test('a lookahead under repetition is not evaluated: the rule does not match, and the reason names the pattern', async () => {
		const result = await bucketOnPattern('^(?=a)(a|a)*$', 'aaaa');
		const [first] = result.items[0].json.notBucketed as IDataObject[];
		expect(first.rule).toBe('location');
		expect(first.reason).toContain(
			'Not evaluated, so not matching: pattern "^(?=a)(a|a)*$" (a lookaround or a modifier with repetition, which can block n8n)',
		);
	});

	test('a value longer than 4,096 characters is not matched against a pattern', () => {
		const rules = tree([rule('url', 'regexMatches', 'x')]);
		expect(rulesMatch({ url: `${'a'.repeat(4_097)}x` }, rules)).toBe(false);
		expect(rulesMatch({ url: `${'a'.repeat(4_095)}x` }, rules)).toBe(true);
	});
});

describe('Error pages and validation answers', () => {
	test('an error page is read up to its first 4,000 characters', () => {
		const page = `<html>${' '.repeat(5_000)}LATE</html>`;
		expect(pageText(page)).not.toContain('LATE');
	});

	test('an unclosed tag leaves the text after it as text', () => {
		expect(pageText(`<${'<'.repeat(40_000)}`, 50)).toBe('<'.repeat(50));
	});

	test("Convertr's validation answer with 10,000 field errors is read as 50 of them", () => {
		const children = Object.fromEntries(
			Array.from({ length: 10_000 }, (_, i) => [
				`f${i}`,
				{ errors: ['This value should not be blank.'] },
			]),
		);
		expect(describeValidationErrors({ errors: { children } })).toHaveLength(50);
	});

	test("a refused lead's message is read for blank fields up to its first 8,000 characters", () => {
		const message = `Validation Failed (${'x'.repeat(8_000)}; form[email]: This value should not be blank.)`;
		expect(blankFieldsIn(message)).toEqual([]);
		expect(
			blankFieldsIn('Validation Failed (form[email]: This value should not be blank.)'),
		).toEqual(['form[email]']);
	});

	test('a 40 kB Kartra e-mail is refused as too long before any pattern, nothing sent', async () => {
		const setup = await kartraSetup();
		const result = await setup.harness.run({
			nodeType: kartraNode,
			parameters: lead('create', { email: '={{$json.email}}' }),
			items: [{ email: 'a@'.repeat(20_000) }],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error?.message).toBe(
			'Item 0: Lead Email is not a valid email address: longer than 254 characters',
		);
		expect(setup.fake.calls).toHaveLength(0);
	});
});

/** A node that runs the credential's token exchange with n8n's own helpers, as n8n's credential test does */
const tokenExchange: INodeType = {
	description: {
		displayName: 'Token Exchange',
		name: 'tokenExchange',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Token Exchange' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'convertrPublisherApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const credentials = await this.getCredentials('convertrPublisherApi');
		try {
			await new ConvertrPublisherApi().preAuthentication.call(this, credentials);
			return [[{ json: { refused: false } }]];
		} catch (error) {
			return [[{ json: { refused: true, message: (error as Error).message } }]];
		}
	},
};

describe('Error answers', () => {
	test("a Convertr error answer's __proto__ key lends the node's error no message", async () => {
		const setup = await convertrSetup();
		setup.fake.faults.push({
			match: (request) => request.path.endsWith('/leads'),
			times: 1,
			answer: {
				status: 400,
				raw: '{"__proto__": {"message": "spoofed by the server"}, "code": 400}',
				headers: { 'Content-Type': 'application/json' },
			},
		});
		const result = await setup.harness.run({
			nodeType: publisherNode,
			parameters: simpleMapping,
			items: emailsOf(1),
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		expect(result.error?.message).toBe('Convertr rejected the data: Validation Failed');
	});

	test('a lead result nested 10,000 levels deep is read to a bounded depth', () => {
		let nested: unknown = 'the deepest reason';
		for (let i = 0; i < 10_000; i++) nested = { details: nested };
		const result = interpretLeadResult(200, {
			qaReasons: [nested, 'Duplicate lead'],
			failedJobs: [],
		});
		expect(result).toMatchObject({ status: 'invalid', reasons: ['Duplicate lead'] });
	});
});

describe('n8n API answers', () => {
	test('an execution whose ID is not a number is skipped: never read, never a key of the poll state', async () => {
		const n8n = await startN8nApiFake();
		const setup = await convertrSetup();
		const history = setup.harness.addCredential('n8nExecutionsApi', {
			apiKey: N8N_API_KEY,
			baseUrl: n8n.baseUrl,
		});
		const store = { staticData: {} };
		const poll = async () =>
			await setup.harness.poll(
				new ConvertrLeadResultTrigger(),
				{ workflowIds: 'wfA' },
				{ ...setup.credentials, ...history },
				store,
			);
		await poll(); // activation: watching from now
		const crafted = n8n.add({
			workflowId: 'wfA',
			status: 'success',
			startedAt: Date.now() + 1_000,
			nodes: [],
			runData: {},
		});
		crafted.id = '__proto__';
		const second = await poll();
		await Promise.all([setup.fake.stop(), n8n.stop()]);
		expect(second.error).toBeUndefined();
		expect(n8n.reads().map((r) => r.path)).not.toContain('/api/v1/executions/__proto__');
		expect(JSON.stringify(store.staticData)).not.toContain('__proto__');
	});
});

describe('Credentials', () => {
	test("the Convertr credential's refusal shows no secret the token endpoint echoed", async () => {
		const setup = await convertrSetup();
		const { clientSecret, apiKey } = CONVERTR_SECRETS;
		setup.fake.faults.push({
			match: (request) => request.path === '/oauth/v2/token',
			times: 1,
			answer: {
				status: 400,
				body: {
					error: 'invalid_grant',
					error_description: `No client with secret ${clientSecret} and key ${apiKey}`,
				},
			},
		});
		const result = await setup.harness.run({
			nodeType: tokenExchange,
			parameters: {},
			items: [{}],
			credentials: setup.credentials,
		});
		await setup.fake.stop();
		const { refused, message } = result.items[0].json as { refused: boolean; message: string };
		expect(refused).toBe(true);
		expect(message).toContain('No client with secret [redacted] and key [redacted]');
		expect(message).not.toContain(clientSecret);
		expect(message).not.toContain(apiKey);
	});

	test('the Execution History API key never follows a redirect to another address', async () => {
		const elsewhere: FakeServer = await startFakeServer(() => ({
			status: 200,
			body: { data: [] },
		}));
		const redirecting: FakeServer = await startFakeServer((request) => ({
			status: 302,
			headers: { Location: `${elsewhere.url}${request.path}` },
		}));
		const setup = await convertrSetup();
		const history = setup.harness.addCredential('n8nExecutionsApi', {
			apiKey: N8N_API_KEY,
			baseUrl: `${redirecting.url}/api/v1`,
		});
		const result = await setup.harness.poll(
			new ConvertrLeadResultTrigger(),
			{ workflowIds: 'wfA' },
			{ ...setup.credentials, ...history },
			{ staticData: {} },
		);
		await Promise.all([setup.fake.stop(), redirecting.stop(), elsewhere.stop()]);
		expect(redirecting.requests).toHaveLength(1);
		expect(elsewhere.requests).toHaveLength(0);
		expect(result.error?.message).toContain('redirect (HTTP 302), which is not followed');
	});
});
