import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { operationParameter, operationSubtitle } from '../shared/operations';
import { optionsCollection } from './actions/common';
import { operations, router } from './actions/router';
import { getCustomFields, getLists, getSequences, getTags } from './methods/loadOptions';

const resourceParameters: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Calendar', value: 'calendar' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'List', value: 'list' },
			{ name: 'Point', value: 'points' },
			{ name: 'Sequence', value: 'sequence' },
			{ name: 'Tag', value: 'tag' },
		],
		default: 'lead',
	},
	operationParameter('lead', 'upsert', [
		{ name: 'Create', value: 'create', action: 'Create a lead', description: 'Create a lead, with tags, lists and other actions in the same call' },
		{ name: 'Create or Update', value: 'upsert', action: 'Create or update a lead', description: 'Create a new record, or update the current one if it already exists (upsert)' },
		{ name: 'Get', value: 'get', action: 'Get a lead', description: 'Get a lead\'s profile by email' },
		{ name: 'Search', value: 'search', action: 'Search for a lead', description: 'Whether a lead exists, and its ID' },
		{ name: 'Update', value: 'update', action: 'Update a lead', description: 'Update a lead found by email or ID' },
	]),
	operationParameter('tag', 'assign', [
		{ name: 'Assign', value: 'assign', action: 'Assign a tag to a lead', description: 'Assign a tag to a lead' },
		{ name: 'Remove', value: 'remove', action: 'Remove a tag from a lead', description: 'Remove a tag from a lead' },
	]),
	operationParameter('list', 'subscribe', [
		{ name: 'Subscribe', value: 'subscribe', action: 'Subscribe a lead to a list', description: 'Subscribe a lead to a list' },
		{ name: 'Unsubscribe', value: 'unsubscribe', action: 'Unsubscribe a lead from a list', description: 'Unsubscribe a lead from a list' },
	]),
	operationParameter('points', 'give', [
		{ name: 'Give', value: 'give', action: 'Give points to a lead', description: 'Give points to a lead' },
		{ name: 'Remove', value: 'remove', action: 'Remove points from a lead', description: 'Remove points from a lead' },
	]),
	operationParameter('sequence', 'subscribe', [
		{ name: 'Subscribe', value: 'subscribe', action: 'Subscribe a lead to a sequence', description: 'Subscribe a lead to a sequence at a step' },
		{ name: 'Unsubscribe', value: 'unsubscribe', action: 'Unsubscribe a lead from a sequence', description: 'Unsubscribe a lead from a sequence' },
	]),
	operationParameter('calendar', 'subscribe', [
		{ name: 'Subscribe', value: 'subscribe', action: 'Subscribe a lead to a calendar class', description: 'Subscribe a lead to a calendar class' },
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a lead\'s calendar class', description: 'Cancel a lead\'s subscription to a calendar class' },
	]),
];

export class KartraLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kartra Lead',
		name: 'kartraLead',
		icon: { light: 'file:kartra.svg', dark: 'file:kartra.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(resourceParameters),
		description: 'Create, update and find Kartra leads, and manage their tags, lists, sequences, points and calendars',
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
			optionsCollection([
				{
					displayName: 'Try First',
					name: 'tryFirst',
					type: 'options',
					displayOptions: { show: { '/operation': ['upsert'] } },
					options: [
						{ name: 'Update', value: 'update', description: 'One call for leads that exist, two for new ones' },
						{ name: 'Create', value: 'create', description: 'One call for new leads, two for leads that exist' },
					],
					default: 'update',
					description: 'Which call Create or Update tries first: choose by whether most of your leads are already in Kartra',
				},
			]),
		],
	};

	methods = { loadOptions: { getTags, getLists, getSequences, getCustomFields } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
