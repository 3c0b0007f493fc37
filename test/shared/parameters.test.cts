// Reading parameters and the node once per execution where n8n would copy them on every call: what comes back must be
// what n8n's own calls give, item by item.
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { nodeOf } from '../../nodes/shared/context';
import { itemParameter } from '../../nodes/shared/input';
import { convertNode, convertSetup } from '../harness/convert.cjs';

function fakeContext(parameters: INode['parameters']) {
	const calls = { getNode: 0, getNodeParameter: [] as Array<[string, number]> };
	const node = { name: 'Node', parameters } as unknown as INode;
	const context = {
		getNode: () => {
			calls.getNode++;
			return structuredClone(node);
		},
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.getNodeParameter.push([name, itemIndex]);
			const raw = (parameters as Record<string, unknown>)[name];
			return typeof raw === 'string' && raw.startsWith('=') ? `${raw.slice(1)}#${itemIndex}` : raw;
		},
	};
	return { context: context as unknown as IExecuteFunctions, calls };
}

test('a parameter without an expression is read once per execution, one with an expression for every item', () => {
	const { context, calls } = fakeContext({
		goalId: '100300',
		visitorId: '={{ $json.visitor }}',
		goalData: { amount: '={{ $json.amount }}' },
		bucketingData: { experience: [{ experienceId: '2001', variationId: '3001' }] },
	});
	const read = (name: string) => [0, 1, 2].map((i) => itemParameter(context, name, i, ''));
	expect(read('goalId')).toEqual(['100300', '100300', '100300']);
	expect(read('visitorId')).toEqual([
		'{{ $json.visitor }}#0',
		'{{ $json.visitor }}#1',
		'{{ $json.visitor }}#2',
	]);
	// an expression deep inside a collection counts
	expect(read('goalData')).toHaveLength(3);
	expect(read('bucketingData')).toEqual(
		Array(3).fill({ experience: [{ experienceId: '2001', variationId: '3001' }] }),
	);
	expect(calls.getNodeParameter.filter(([name]) => name === 'goalId')).toHaveLength(1);
	expect(calls.getNodeParameter.filter(([name]) => name === 'bucketingData')).toHaveLength(1);
	expect(calls.getNodeParameter.filter(([name]) => name === 'visitorId')).toHaveLength(3);
	expect(calls.getNodeParameter.filter(([name]) => name === 'goalData')).toHaveLength(3);
	// the node itself was copied once
	expect(calls.getNode).toBe(1);
	expect(nodeOf(context).name).toBe('Node');
	expect(calls.getNode).toBe(1);
});

test("through n8n's engine: constants and per-item expressions side by side give each item its own values", async () => {
	const setup = await convertSetup();
	try {
		const { fake, harness, credentials } = setup;
		const items = Array.from({ length: 30 }, (_, i) => ({ visitor: `v-${i}`, amount: i + 0.5 }));
		const result = await harness.run({
			nodeType: convertNode,
			parameters: {
				resource: 'event',
				operation: 'trackConversion',
				visitorId: '={{ $json.visitor }}',
				goalId: '100300',
				goalData: { amount: '={{ $json.amount }}', transactionId: 'fixed-order' },
				bucketingData: { experience: [{ experienceId: '2001', variationId: '3001' }] },
			},
			items,
			credentials,
		});
		expect(result.error).toBeUndefined();
		const sent = fake.events;
		expect(sent).toHaveLength(30);
		sent.forEach((event, i) => {
			expect(event.visitorId).toBe(`v-${i}`);
			expect(event.data).toEqual({
				goalId: '100300',
				goalData: [
					{ key: 'amount', value: i + 0.5 },
					{ key: 'transactionId', value: 'fixed-order' },
				],
				bucketingData: { '2001': '3001' },
			});
		});
	} finally {
		await setup.fake.stop();
	}
});
