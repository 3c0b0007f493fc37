// n8n's three "On Error" settings, for every node and for both kinds of failure (an item's bad input, an API
// refusal): "Stop Workflow" stops with the error; "Continue" puts an error item in the failed item's place on the
// main output; "Continue (using error output)" puts the failed items, paired with their inputs, on the error
// output, and only the successes on the main output.
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { convertNode, convertSetup } from '../harness/convert.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { kartraNode, kartraSetup, seedLead } from '../harness/kartra.cjs';
import type { RecordedRequest } from '../fakes/httpServer.cjs';
import type { RunResult } from '../harness/engine.cjs';

interface Scenario {
	/** Runs three items: the first succeeds, the second has bad input, the third meets an API refusal */
	run(onError: INode['onError']): Promise<RunResult>;
	/** Write requests the fake received */
	writes(): number;
	/** The input field that identifies an item, and its three values */
	key: string;
	values: string[];
	badInput: string;
	apiError: RegExp;
	/** The HTTP status the API error carries */
	apiStatus: string;
	stop(): Promise<void>;
}

const scenarios: Record<string, () => Promise<Scenario>> = {
	'Convertr Publisher (Lead → Create)': async () => {
		const { fake, harness, credentials } = await convertrSetup();
		const values = ['ok@example.com', 'bad@example.com', 'refused@example.com'];
		fake.faults.push({
			match: (r: RecordedRequest) => r.rawBody.includes(encodeURIComponent('refused@example.com')),
			times: 1,
			answer: { status: 403, body: { code: 403, message: 'Campaign is paused' } },
		});
		return {
			run: async (onError) =>
				await harness.run({
					nodeType: publisherNode,
					parameters: leadParameters(
						{ email: '={{ $json.email === "bad@example.com" ? ["a", "b"] : $json.email }}' },
						{ options: { concurrency: 1 } },
					),
					items: values.map((email) => ({ email })),
					credentials,
					onError,
				}),
			writes: () => fake.leadPosts().length,
			key: 'email',
			values,
			badInput: 'Item 1: field "email" (form[email]) must be text or a number, not a list',
			apiError: /^Convertr refused the request: Campaign is paused/,
			apiStatus: '403',
			stop: () => fake.stop(),
		};
	},
	'Kartra Lead (Lead → Create)': async () => {
		const { fake, harness, credentials } = await kartraSetup();
		const values = ['ok@example.com', 'not-an-email', 'exists@example.com'];
		seedLead(fake, 'exists@example.com');
		return {
			run: async (onError) =>
				await harness.run({
					nodeType: kartraNode,
					parameters: {
						resource: 'lead',
						operation: 'create',
						email: '={{$json.email}}',
						options: { concurrency: 1 },
					},
					items: values.map((email) => ({ email })),
					credentials,
					onError,
				}),
			writes: () => fake.calls.length,
			key: 'email',
			values,
			badInput: 'Item 1: Lead Email is not a valid email address: "not-an-email"',
			apiError: /^Kartra: .*\(type 244\)$/,
			apiStatus: '200',
			stop: () => fake.stop(),
		};
	},
	'Convert Track (Event → Track Conversion, one visitor per batch)': async () => {
		const { fake, harness, credentials } = await convertSetup();
		const values = ['visitor-ok', '', 'visitor-refused'];
		fake.faults.push({
			match: (r: RecordedRequest) => r.rawBody.includes('visitor-refused'),
			times: 1,
			answer: { status: 400, body: { code: 400, message: 'Goal not found in project' } },
		});
		return {
			run: async (onError) =>
				await harness.run({
					nodeType: convertNode,
					parameters: {
						resource: 'event',
						operation: 'trackConversion',
						visitorId: '={{$json.visitor}}',
						goalId: '100300',
						options: { batchSize: 1, batchConcurrency: 1 },
					},
					items: values.map((visitor) => ({ visitor })),
					credentials,
					onError,
				}),
			writes: () => fake.metrics.requests.length,
			key: 'visitor',
			values,
			badInput: 'Item 1: Visitor ID is required',
			apiError: /Goal not found in project/,
			apiStatus: '400',
			stop: () => fake.stop(),
		};
	},
};

const errorText = (item: INodeExecutionData) => String(item.json.error);

describe.each(Object.keys(scenarios))('%s', (name) => {
	let scenario: Scenario | undefined;
	afterEach(async () => {
		await scenario?.stop();
		scenario = undefined;
	});

	test('Stop Workflow: the bad input stops the run before anything is sent', async () => {
		scenario = await scenarios[name]();
		const result = await scenario.run(undefined);
		expect(result.error?.message).toBe(scenario.badInput);
		expect(result.items).toEqual([]);
		expect(result.errorItems).toEqual([]);
		expect(scenario.writes()).toBe(0);
	});

	test("Continue: error items in the failed items' places on the main output, the error output empty", async () => {
		scenario = await scenarios[name]();
		const result = await scenario.run('continueRegularOutput');
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.error).toBeUndefined();
		expect(errorText(result.items[1])).toBe(scenario.badInput);
		expect(errorText(result.items[2])).toMatch(scenario.apiError);
		expect(result.items[2].json.httpCode).toBe(scenario.apiStatus);
		expect(result.errorItems).toEqual([]);
	});

	test('Continue (using error output): the failed items on the error output, paired, with their input fields', async () => {
		scenario = await scenarios[name]();
		const result = await scenario.run('continueErrorOutput');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json.error).toBeUndefined();
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(errorText(result.errorItems[0])).toBe(scenario.badInput);
		expect(errorText(result.errorItems[1])).toMatch(scenario.apiError);
		expect((result.errorItems[1].json.details as { httpCode?: string }).httpCode).toBe(
			scenario.apiStatus,
		);
		expect(result.errorItems.map((i) => i.json[scenario!.key])).toEqual(scenario.values.slice(1));
		// the bad item was never sent; the good and the refused one were, once each
		expect(scenario.writes()).toBe(2);
	});
});
