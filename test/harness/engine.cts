import {
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type IWebhookResponseData,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper.cjs';
import { MemoryDeduplicationStore } from './deduplicationStore.cjs';
import { recordOutput } from './outputs.cjs';

export const PACKAGE = 'n8n-nodes-convertr-kartra-convert';

/**
 * n8n's de-duplication store for this test file (n8n's CLI initialises the real one with its database). Each harness
 * runs its workflow under an id of its own, so tests do not see each other's histories.
 */
export const deduplicationStore = new MemoryDeduplicationStore();
void DataDeduplicationService.init(deduplicationStore);
let harnessCounter = 0;

/** A node with no inputs that emits the items it is given: the start of every test workflow. */
function sourceNodeType(items: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Test Source',
			name: 'testSource',
			group: ['input'],
			version: 1,
			description: 'Emits test items',
			defaults: { name: 'Source' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [items.map((json) => ({ json }))];
		},
	};
}

function nodeTypesOf(types: Record<string, INodeType | IVersionedNodeType>): INodeTypes {
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};
}

export interface Harness {
	/** The id its workflows run under (their de-duplication history is kept under it) */
	workflowId: string;
	credentials: TestCredentialsHelper;
	/** Registers a credential and returns the node credential reference */
	addCredential(
		type: string,
		data: IDataObject,
		id?: string,
	): { [type: string]: { id: string; name: string } };
}

export interface RunOptions {
	nodeType: INodeType;
	/** The node's version in the workflow; the newest (as the editor adds a node) when not given */
	typeVersion?: number;
	parameters: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	credentials?: INode['credentials'];
	/** Shorthand for onError: 'continueRegularOutput' */
	continueOnFail?: boolean;
	/** The node's "On Error" setting (default: stop the workflow) */
	onError?: INode['onError'];
}

export interface RunResult {
	run: IRun;
	/** Output items of the node under test (first output) */
	items: INodeExecutionData[];
	/** Items n8n put on the node's error output ("Continue (using error output)") */
	errorItems: INodeExecutionData[];
	/** The error that stopped the node, if any */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	/** The workflow's nodes as they ran (what n8n keeps with an execution) */
	nodes: INode[];
	/** What the node told the user beside its output (n8n's execution hints) */
	hints: string[];
}

/** A polling trigger's static data as n8n keeps it between polls (in its database, across restarts) */
export interface PollStore {
	staticData: IDataObject;
}

export interface PollResult {
	/** What the poll emitted (null: nothing) */
	items: INodeExecutionData[] | null;
	error?: Error & { description?: string; httpCode?: string | null };
}

/** `unsaved`: the workflow has no ID, as one the editor never saved */
export function createHarness(
	credentialTypes: ICredentialType[],
	options: { unsaved?: boolean } = {},
): Harness & {
	run(options: RunOptions): Promise<RunResult>;
	loadOptions<T>(
		nodeType: INodeType,
		parameters: IDataObject,
		credentials: INode['credentials'],
		call: (this: LoadOptionsContext) => Promise<T>,
	): Promise<T>;
	webhook(
		nodeType: INodeType,
		parameters: IDataObject,
		credentials: INode['credentials'],
		request: unknown,
		response: unknown,
	): Promise<IWebhookResponseData>;
	/**
	 * One poll of a polling trigger, as n8n runs it for an active workflow (`mode` trigger) or for the editor's
	 * "Fetch Test Event" (manual). Its static data comes from `store` and is written back only when the poll
	 * succeeds and `commit` is not false (n8n saves it with the emitted execution; a crash before loses both).
	 */
	poll(
		nodeType: INodeType,
		parameters: IDataObject,
		credentials: INode['credentials'],
		store: PollStore,
		options?: { mode?: 'trigger' | 'manual'; commit?: boolean },
	): Promise<PollResult>;
} {
	const helper = new TestCredentialsHelper(
		Object.fromEntries(credentialTypes.map((t) => [t.name, t])),
	);
	const workflowId = options.unsaved ? '' : `wf${++harnessCounter}`;
	let executionCounter = 0;

	function additionalData(): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: helper,
			executionId: String(++executionCounter),
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			currentNodeParameters: undefined,
			variables: {},
			userId: 'test-user',
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	function workflowWith(nodeType: INodeType, node: INode, items: IDataObject[]): Workflow {
		const types = nodeTypesOf({
			'test.source': sourceNodeType(items),
			[`${PACKAGE}.${nodeType.description.name}`]: nodeType,
		});
		const source: INode = {
			id: 'source',
			name: 'Source',
			type: 'test.source',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		return new Workflow({
			id: workflowId,
			name: 'test',
			nodes: nodeType.description.inputs.length ? [source, node] : [node],
			connections: nodeType.description.inputs.length
				? { Source: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] } }
				: {},
			active: false,
			nodeTypes: types,
			settings: {},
		});
	}

	function nodeOf(
		nodeType: INodeType,
		parameters: IDataObject,
		credentials: INode['credentials'],
		onError?: INode['onError'],
		typeVersion?: number,
	): INode {
		const { version, defaultVersion } = nodeType.description;
		return {
			id: 'node',
			name: 'Node',
			type: `${PACKAGE}.${nodeType.description.name}`,
			typeVersion:
				typeVersion ?? defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version),
			position: [200, 0],
			parameters: parameters as INode['parameters'],
			credentials,
			...(onError ? { onError } : {}),
		};
	}

	return {
		workflowId,
		credentials: helper,
		addCredential(type, data, id = type) {
			const details = helper.add(id, type, data as never);
			return { [type]: { id: details.id as string, name: details.name } };
		},

		async run({
			nodeType,
			parameters,
			items = [{}],
			credentials,
			continueOnFail,
			onError,
			typeVersion,
		}) {
			const node = nodeOf(
				nodeType,
				parameters as IDataObject,
				credentials,
				onError ?? (continueOnFail ? 'continueRegularOutput' : undefined),
				typeVersion,
			);
			const workflow = workflowWith(nodeType, node, items as IDataObject[]);
			const data = additionalData();
			data.hooks = new ExecutionLifecycleHooks(
				'manual',
				data.executionId as string,
				{
					id: workflowId,
					name: 'test',
					active: false,
					activeVersionId: null,
					isArchived: false,
					createdAt: new Date(),
					updatedAt: new Date(),
					nodes: Object.values(workflow.nodes),
					connections: {},
				} as never,
			);
			const execute = new WorkflowExecute(data, 'manual');
			const run = await execute.run({
				workflow,
				startNode: workflow.getNode('Source') ?? undefined,
			});
			const runData = run.data.resultData.runData.Node?.[0];
			const result = {
				run,
				items: runData?.data?.main?.[0] ?? [],
				errorItems: runData?.data?.main?.[1] ?? [],
				error: (runData?.error ?? run.data.resultData.error) as RunResult['error'],
				nodes: Object.values(workflow.nodes),
				hints: (runData?.hints ?? []).map((hint) => hint.message),
			};
			recordOutput({ items: result.items, errorItems: result.errorItems, error: result.error });
			return result;
		},

		async loadOptions(nodeType, parameters, credentials, call) {
			const node = nodeOf(nodeType, parameters, credentials);
			const workflow = workflowWith(nodeType, node, []);
			const data = additionalData();
			// as the editor sends them: the node's parameters with their defaults filled in
			data.currentNodeParameters = (NodeHelpers.getNodeParameters(
				nodeType.description.properties,
				parameters as INode['parameters'],
				true,
				false,
				node,
				nodeType.description,
			) ?? parameters) as never;
			const context = new LoadOptionsContext(workflow, node, data, 'parameters');
			return await call.call(context);
		},

		async poll(nodeType, parameters, credentials, store, { mode = 'trigger', commit = true } = {}) {
			const node = nodeOf(nodeType, parameters, credentials);
			const types = nodeTypesOf({ [`${PACKAGE}.${nodeType.description.name}`]: nodeType });
			const workflow = new Workflow({
				id: workflowId,
				name: 'test',
				nodes: [node],
				connections: {},
				active: mode === 'trigger',
				nodeTypes: types,
				settings: {},
				staticData: JSON.parse(JSON.stringify(store.staticData)) as IDataObject,
			});
			const context = new PollContext(
				workflow,
				node,
				additionalData(),
				mode,
				mode === 'trigger' ? 'activate' : 'manual',
			);
			try {
				const emitted = await nodeType.poll!.call(context);
				if (commit) {
					const { __dataChanged: _changed, ...kept } = workflow.staticData;
					store.staticData = JSON.parse(JSON.stringify(kept)) as IDataObject;
				}
				const items = emitted?.[0] ?? null;
				recordOutput(items ? [items] : null);
				return { items };
			} catch (error) {
				recordOutput({ error });
				return { items: null, error: error as PollResult['error'] };
			}
		},

		async webhook(nodeType, parameters, credentials, request, response) {
			const node = nodeOf(nodeType, parameters, credentials);
			const workflow = workflowWith(nodeType, node, []);
			const data = additionalData();
			data.httpRequest = request as never;
			data.httpResponse = response as never;
			const webhookData: IWebhookData = {
				httpMethod: (request as { method: 'GET' | 'POST' }).method,
				node: node.name,
				path: nodeType.description.webhooks![0].path as string,
				webhookDescription: nodeType.description.webhooks![0],
				workflowId,
				workflowExecuteAdditionalData: data,
				webhookId: 'hook',
			};
			const context = new WebhookContext(workflow, node, data, 'webhook', webhookData, [], null);
			const answer = await nodeType.webhook!.call(context);
			recordOutput(answer.workflowData);
			return answer;
		},
	};
}
