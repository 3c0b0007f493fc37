// What the editor shows of the nodes: the canvas subtitle is the resource and operation in words (evaluated by n8n's own
// expression engine, as the editor does), every operation has a readable action, and the node panel lists the
// triggers by their names.
import {
	type INode,
	type INodeProperties,
	type INodeType,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ConvertTrack } from '../../nodes/Convert/ConvertTrack.node';
import { ConvertrLeadResultTrigger } from '../../nodes/Convertr/ConvertrLeadResultTrigger.node';
import { ConvertrTrigger } from '../../nodes/Convertr/ConvertrTrigger.node';
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

	test('the canvas subtitle names the resource and the operation, not the action the node is named after', async () => {
		const resources = new Map(
			(
				nodeType.description.properties.find((p) => p.name === 'resource')?.options as Array<{
					value: string;
					name: string;
				}>
			).map((o) => [o.value, o.name]),
		);
		for (const { resource, option } of operations) {
			const subtitle = await subtitleOf(nodeType, { resource, operation: option.value });
			expect({ resource, operation: option.value, subtitle }).toEqual({
				resource,
				operation: option.value,
				subtitle: `${resources.get(resource)}: ${option.name}`,
			});
			expect(subtitle).not.toBe(option.action);
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

test('Kartra Trigger: the canvas subtitle names the chosen events as the list does', async () => {
	const trigger = new KartraTrigger();
	expect(
		await subtitleOf(trigger, {
			source: 'outbound',
			events: ['buy_product', 'assign_tag'] as never,
		}),
	).toBe('Product Bought, Tag Assigned');
	expect(await subtitleOf(trigger, { source: 'outbound', events: ['*'] as never })).toBe(
		'All lead events',
	);
	expect(await subtitleOf(trigger, { source: 'ipn', paymentEvents: ['*'] as never })).toBe(
		'All payment events',
	);
});

describe("the Docs link opens the node's own section of its package's README", () => {
	/** The editor's rule (n8n 2.41 NodeSettings): a node's http(s) documentationUrl as it is, else the codex link with ?utm_… appended */
	const docsLinkOf = (nodeType: INodeType): string => {
		const url = nodeType.description.documentationUrl;
		if (url?.startsWith('http')) return url;
		return `${String(url)}?utm_source=n8n_app&utm_medium=node_settings_modal-credential_link`;
	};
	/** GitHub's anchors of a package README's headings */
	const anchorsOf = (folder: string) =>
		new Set(
			readFileSync(join(__dirname, '..', '..', 'packages', folder, 'README.md'), 'utf8')
				.split('\n')
				.filter((line) => line.startsWith('#'))
				.map((line) =>
					line
						.replace(/^#+\s*/, '')
						.toLowerCase()
						.replace(/[^a-z0-9 -]/g, '')
						.replace(/ /g, '-'),
				),
		);

	test.each([
		...nodes,
		['Kartra Trigger', new KartraTrigger()],
		['Convertr Trigger', new ConvertrTrigger()],
		['Convertr Lead Result Trigger', new ConvertrLeadResultTrigger()],
	] as Array<[string, INodeType]>)('%s', (name, nodeType) => {
		const link = new URL(docsLinkOf(nodeType));
		expect(link.search).toBe('');
		expect(link.hash).toBe(`#${name.toLowerCase().replace(/ /g, '-')}`);
		const folder = /\/tree\/main\/packages\/([a-z]+)$/.exec(link.pathname)?.[1] ?? '';
		expect(name.toLowerCase()).toContain(folder === 'convert' ? 'convert ' : folder);
		expect(anchorsOf(folder).has(link.hash.slice(1))).toBe(true);
	});
});

test('Kartra Create or Update says what it costs per lead, and when Try First → Create or Lead → Create is cheaper', () => {
	const properties = new KartraLead().description.properties;
	const notice = properties.find((p) => p.name === 'upsertCostNotice');
	expect(notice?.type).toBe('notice');
	expect(notice?.displayOptions?.show).toMatchObject({ resource: ['lead'], operation: ['upsert'] });
	expect(notice?.displayName).toMatch(/one call per lead already in Kartra and two per new lead/);
	expect(notice?.displayName).toMatch(/Try First to Create/);
});
