// @ts-check
// The three action nodes as tools of n8n's AI Agent: an Agent with n8n's OpenAI Chat Model, whose credential's Base
// URL points at a fake of OpenAI's API (test/fakes/openai.cts). Asked to deliver a lead to Convertr, tag it in Kartra
// and report it to Convert, the fake's scripted model picks each tool by the description n8n sends it and fills the
// tool's `$fromAI` parameters; the tools run, each API fake receives its call, and the agent's answer carries what
// the tools returned.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');

const { useN8n } = require('./n8n.cjs');
const { nodeType, startFake } = require('../../scripts/sandbox');
const { sleep } = require('../../scripts/util');
const { convertrLeadNode, createActive, webhookNode } = require('./workflows.cjs');

const LANGCHAIN = '@n8n/n8n-nodes-langchain';

const sandbox = useN8n();

test("AI Agent (n8n's OpenAI Chat Model, a fake OpenAI API): the model picks Convertr, Kartra and Convert by their tool descriptions; each tool runs with the model's $fromAI values; the answer carries the results", async () => {
	const { rest, fakes, n8n, credentials, secrets } = sandbox;
	const { OPENAI_KEY, OPENAI_MODEL } = require(
		path.join(__dirname, '..', '..', '.cache', 'bench', 'test', 'fakes', 'openai.cjs'),
	);
	const openai = await startFake('openai');
	secrets.push(OPENAI_KEY);
	try {
		const email = 'ada.agent@example.com';
		const visitorId = 'agent-visitor-1';
		// what the scripted model does, as a model would: the tool whose description says it, the lead's values
		await openai.configure({
			calls: [
				{ description: 'Create a lead in Convertr', arguments: { email } },
				{
					description: 'Create or update a lead in Kartra',
					arguments: { email, tag: 'VIP' },
				},
				{ description: 'Track a conversion in Convert', arguments: { visitorId } },
			],
		});
		const saved = await rest.call('POST', '/rest/credentials', {
			name: 'OpenAI (fake)',
			type: 'openAiApi',
			data: { apiKey: OPENAI_KEY, url: `${openai.url}/v1`, header: false },
		});
		assert(saved.status === 200, `could not save the OpenAI credential: ${saved.status}`);
		const fromAI = (key, description) => `={{ $fromAI('${key}', '${description}', 'string') }}`;
		const tool = (name, type, parameters, credential) => ({
			name,
			type: nodeType(`${type}Tool`),
			typeVersion: 1.2,
			credentials: credential,
			parameters: { descriptionType: 'auto', ...parameters },
		});
		const nodes = [
			webhookNode('In', 'e2e-agent'),
			{
				name: 'Agent',
				type: `${LANGCHAIN}.agent`,
				typeVersion: 3.1,
				parameters: { promptType: 'define', text: '={{ $json.body.prompt }}', options: {} },
			},
			{
				name: 'Model',
				type: `${LANGCHAIN}.lmChatOpenAi`,
				typeVersion: 1.3,
				credentials: { openAiApi: { id: saved.data.id, name: 'OpenAI (fake)' } },
				parameters: {
					model: { __rl: true, mode: 'list', value: OPENAI_MODEL },
					responsesApiEnabled: false,
					options: {},
				},
			},
			tool(
				'Deliver to Convertr',
				'convertrPublisher',
				convertrLeadNode(
					'',
					credentials.convertrPublisherApi,
					fromAI('email', 'The e-mail address of the lead'),
				).parameters,
				{ convertrPublisherApi: credentials.convertrPublisherApi },
			),
			tool(
				'Tag in Kartra',
				'kartraLead',
				{
					resource: 'lead',
					operation: 'upsert',
					email: fromAI('email', 'The e-mail address of the lead'),
					alsoDo: {
						action: [
							{ cmd: 'assign_tag', tagName: fromAI('tag', 'The Kartra tag to give the lead') },
						],
					},
				},
				{ kartraApi: credentials.kartraApi },
			),
			tool(
				'Report to Convert',
				'convertTrack',
				{
					resource: 'event',
					operation: 'trackConversion',
					visitorId: fromAI('visitorId', 'The Convert visitor ID of the lead'),
					goalId: '100300',
					options: {},
				},
				{ convertExperiencesApi: credentials.convertExperiencesApi },
			),
		].map((node, i) => ({ id: `agent-${i}`, position: [i * 220, 0], ...node }));
		const ai = (type) => [[{ node: 'Agent', type, index: 0 }]];
		await createActive(rest, {
			name: 'e2e: AI Agent with the three tools',
			active: false,
			nodes,
			connections: {
				In: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
				Model: { ai_languageModel: ai('ai_languageModel') },
				'Deliver to Convertr': { ai_tool: ai('ai_tool') },
				'Tag in Kartra': { ai_tool: ai('ai_tool') },
				'Report to Convert': { ai_tool: ai('ai_tool') },
			},
			settings: {
				executionOrder: 'v1',
				saveDataSuccessExecution: 'all',
				saveDataErrorExecution: 'all',
			},
		});
		await sleep(1000); // the webhook registers just after activation
		const before = {
			convertr: (await fakes.convertr.detail()).leads.filter((l) => l.form?.email === email).length,
			events: (await fakes.convert.detail()).events.filter((e) => e.visitorId === visitorId).length,
		};
		const answer = await fetch(`${n8n.base}/webhook/e2e-agent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				prompt: `A new lead signed up: ${email}, Convert visitor ${visitorId}. Deliver it to the Convertr campaign, give it the VIP tag in Kartra and report the conversion to Convert.`,
			}),
		});
		const body = await answer.text();
		const seen = await openai.detail();
		assert(
			answer.status === 200,
			`the agent's webhook answered ${answer.status}: ${body.slice(0, 400)}; the fake OpenAI saw ${JSON.stringify(seen.requests)}`,
		);
		assert(
			seen.unmatched.length === 0,
			`no tool description matched: ${seen.unmatched.join('; ')}; offered: ${JSON.stringify(seen.offeredTools[0]?.map((t) => `${t.name}: ${t.description}`))}`,
		);
		const offered = seen.offeredTools[0] ?? [];
		const described = Object.fromEntries(offered.map((t) => [t.name, t]));
		assert(
			described.Deliver_to_Convertr?.description === 'Create a lead in Convertr Publisher' &&
				described.Tag_in_Kartra?.description === 'Create or update a lead in Kartra Lead' &&
				described.Report_to_Convert?.description === 'Track a conversion in Convert Track',
			`the tool descriptions n8n sent: ${JSON.stringify(offered.map((t) => `${t.name}: ${t.description}`))}`,
		);
		assert(
			Object.keys(described.Tag_in_Kartra?.parameters.properties ?? {})
				.sort()
				.join() === 'email,tag',
			`the Kartra tool's parameters: ${JSON.stringify(described.Tag_in_Kartra?.parameters)}`,
		);
		// each API fake got its call, once
		const leads = (await fakes.convertr.detail()).leads.filter((l) => l.form?.email === email);
		assert(leads.length === before.convertr + 1, `${leads.length} leads at the Convertr fake`);
		const kartraLead = (await fakes.kartra.detail()).leads.find((l) => l.email === email);
		assert(
			kartraLead?.tags.includes('VIP') === true,
			`the Kartra lead: ${JSON.stringify(kartraLead)}`,
		);
		const events = (await fakes.convert.detail()).events.filter((e) => e.visitorId === visitorId);
		assert(events.length === before.events + 1, `${events.length} Convert events for the visitor`);
		// the answer carries what the tools returned (the lead's ID from Convertr among it)
		const leadId = String(leads[leads.length - 1].id);
		const output = JSON.parse(body)?.output ?? '';
		assert(
			typeof output === 'string' && output.includes(leadId) && seen.toolResults.length === 3,
			`the agent's answer: ${body.slice(0, 600)}`,
		);
	} finally {
		await openai.stop();
	}
});
