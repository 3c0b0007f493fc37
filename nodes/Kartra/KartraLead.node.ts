import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { operationParameter, operationSubtitle, writingOperations } from '../shared/operations';
import { deliveryParameters } from '../shared/deliverySettings';
import { kartraOptions } from './actions/common.descriptions';
import { LEAD_ACTIONS } from './actions/leadActions.table';
import { operations, router } from './actions/router';
import {
	getCustomFields,
	getLists,
	getSequences,
	getTags,
	searchLists,
	searchSequences,
	searchTags,
} from './methods/loadOptions';

/** Get Many of the account's tags, lists and sequences, beside the lead actions of those resources */
const ACCOUNT_LISTS: Record<
	string,
	{ name: string; value: string; action: string; description: string }
> = Object.fromEntries(
	(
		[
			['tag', 'tags'],
			['list', 'lists'],
			['sequence', 'sequences'],
		] as const
	).map(([resource, plural]) => [
		resource,
		{
			name: 'Get Many',
			value: 'getMany',
			action: `Get many ${plural}`,
			description: `The account's ${plural}`,
		},
	]),
);

const resourceParameters: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Calendar', value: 'calendar' },
			{ name: 'Custom Field', value: 'customField' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'List', value: 'list' },
			{ name: 'Page', value: 'page' },
			{ name: 'Point', value: 'points' },
			{ name: 'Sequence', value: 'sequence' },
			{ name: 'Subscription', value: 'subscription' },
			{ name: 'Tag', value: 'tag' },
			{ name: 'Transaction', value: 'transaction' },
		],
		default: 'lead',
	},
	operationParameter('lead', 'upsert', [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a lead',
			description: 'Create a lead, with tags, lists and other actions in the same call',
		},
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update a lead',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a lead',
			description: "Get a lead's profile by email",
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search for a lead',
			description: 'Whether a lead exists, and its ID',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a lead',
			description: 'Update a lead found by email or ID',
		},
	]),
	// the lead actions' resources and operations, from the actions table, with the account's lists
	...[...new Set(Object.values(LEAD_ACTIONS).map((spec) => spec.resource))].map((resource) => {
		const specs = Object.values(LEAD_ACTIONS).filter((spec) => spec.resource === resource);
		return operationParameter(
			resource,
			specs[0].operation,
			[
				...specs.map((spec) => ({
					name: spec.name,
					value: spec.operation,
					action: spec.action,
					description: spec.description,
				})),
				...(ACCOUNT_LISTS[resource] ? [ACCOUNT_LISTS[resource]] : []),
			].sort((a, b) => a.name.localeCompare(b.name)),
		);
	}),
	operationParameter('customField', 'getMany', [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a custom field',
			description: 'Create a custom field of the account (with its options)',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many custom fields',
			description: "The account's custom fields, with their types and options",
		},
	]),
	operationParameter('page', 'getMany', [
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many pages',
			description: "The account's pages",
		},
	]),
	operationParameter('subscription', 'get', [
		{
			name: 'Change Status',
			value: 'changeStatus',
			action: 'Change the status of a subscription',
			description: 'Pause, reactivate or cancel a recurring subscription',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a subscription',
			description: "A recurring subscription's details",
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many subscriptions',
			description: "A lead's recurring subscriptions",
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search for a subscription',
			description: 'Whether a recurring subscription exists',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a subscription',
			description: 'Change its product, price, dates, recurrence, quantity, installments or tax',
		},
	]),
	operationParameter('transaction', 'get', [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a transaction',
			description: "A payment transaction's details",
		},
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many transactions',
			description: "A lead's payment transactions",
		},
		{
			name: 'Refund',
			value: 'refund',
			action: 'Refund a transaction',
			description: 'Refund a payment, whole or in part, within the refund period',
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search for a transaction',
			description: 'Whether a payment transaction exists',
		},
	]),
];

export class KartraLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kartra Lead',
		name: 'kartraLead',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/kartra#kartra-lead',
		icon: { light: 'file:kartra.svg', dark: 'file:kartra.dark.svg' },
		group: ['output'],
		// 1.1: tags, lists and sequences of the lead actions are resource locators (1 keeps its dropdowns)
		// 1.2: a lead action's output names the action once (`action`), without Kartra's `cmd` beside it
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: operationSubtitle(resourceParameters),
		description:
			'Create, update and find Kartra leads, manage their tags, lists, sequences, points and calendars, and their transactions and subscriptions',
		defaults: { name: 'Kartra Lead' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kartraApi', required: true }],
		properties: [
			...resourceParameters,
			...Object.values(operations).flatMap((byOperation) =>
				Object.values(byOperation).flatMap((operation) => operation.description),
			),
			...deliveryParameters(
				writingOperations(operations),
				"the lead's email (or ID), the action and its values",
			),
			kartraOptions([
				{
					displayName: 'Try First',
					name: 'tryFirst',
					type: 'options',
					displayOptions: { show: { '/operation': ['upsert'] } },
					options: [
						{
							name: 'Update',
							value: 'update',
							description:
								'One call per lead already in Kartra, two per new lead (the update, then the create)',
						},
						{
							name: 'Create',
							value: 'create',
							description:
								'One call per new lead, two per lead already in Kartra: for a fresh list, half the calls and half the time',
						},
					],
					default: 'update',
					description:
						'Which call Create or Update tries first: choose by whether most of your leads are already in Kartra. Kartra takes 20 calls a second, so 2,000 new leads take about 3½ minutes trying Update first (4,000 calls) and under 2 trying Create first.',
				},
			]),
		],
	};

	methods = {
		loadOptions: { getTags, getLists, getSequences, getCustomFields },
		listSearch: { searchTags, searchLists, searchSequences },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
