// What the editor shows of the nodes: the canvas subtitle is the operation in words (evaluated by n8n's own
// expression engine, as the editor does), every operation has a readable action, and the node panel lists the
// triggers by their names.
import {
	type INode,
	type INodeProperties,
	type INodeType,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { ConvertTrack } from '../../nodes/Convert/ConvertTrack.node';
import { ConvertrPublisher } from '../../nodes/Convertr/ConvertrPublisher.node';
import { KartraLead } from '../../nodes/Kartra/KartraLead.node';
import { KartraTrigger } from '../../nodes/Kartra/KartraTrigger.node';

const nodes: Array<[string, INodeType]> = [
	['Convertr Publisher', new ConvertrPublisher()],
	['Kartra Lead', new KartraLead()],
	['Convert Track', new ConvertTrack()],
];

interface OperationOption {
	value: string;
	name: string;
	action: string;
}

function operationsOf(
	properties: INodeProperties[],
): Array<{ resource: string; option: OperationOption }> {
	return properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			((p.displayOptions?.show?.resource ?? []) as string[]).flatMap((resource) =>
				(p.options as OperationOption[]).map((option) => ({ resource, option })),
			),
		);
}

async function subtitleOf(
	nodeType: INodeType,
	parameters: Record<string, string>,
): Promise<unknown> {
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: `test.${nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const types = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType, 1),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: types,
	});
	await workflow.expression.acquireIsolate();
	try {
		return workflow.expression.getSimpleParameterValue(
			node,
			nodeType.description.subtitle as string,
			'internal',
			{},
		);
	} finally {
		await workflow.expression.releaseIsolate();
	}
}

describe.each(nodes)('%s', (_name, nodeType) => {
	const operations = operationsOf(nodeType.description.properties);

	test('every operation has an action in words, no stray characters', () => {
		expect(operations.length).toBeGreaterThan(0);
		for (const { option } of operations)
			expect(option.action).toMatch(/^[A-Z][a-z]+( [A-Za-z()/']+)*$/);
	});

	test("the canvas subtitle is the chosen operation's action, for every resource and operation", async () => {
		for (const { resource, option } of operations) {
			expect({
				resource,
				operation: option.value,
				subtitle: await subtitleOf(nodeType, { resource, operation: option.value }),
			}).toEqual({
				resource,
				operation: option.value,
				subtitle: option.action,
			});
		}
	});
});

test('Kartra Lead: the calendar cancel action reads as a sentence', () => {
	const actions = operationsOf(new KartraLead().description.properties).map(
		({ option }) => option.action,
	);
	expect(actions).toContain("Cancel a lead's calendar class");
});

test('Kartra Trigger: no parameter named as n8n\'s panel reads trigger events, so the panel lists it as "Kartra Trigger"', () => {
	// n8n's node creator turns a trigger parameter shown as "Event", "Events" or "Trigger On" into actions and then
	// drops " Trigger" from the trigger's name; see KartraTrigger.node.ts
	const names = new KartraTrigger().description.properties.map((p) => p.displayName.toLowerCase());
	expect(names.filter((n) => ['event', 'events', 'trigger on'].includes(n))).toEqual([]);
});
