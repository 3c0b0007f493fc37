import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { operationSubtitle, writingOperations } from '../shared/operations';
import { deliveryParameters } from '../shared/deliverySettings';
import { campaignIdField, requestOptions } from './actions/common.descriptions';
import { operations, router } from './actions/router';
import { getForms, getLinks, searchForms, searchLinks } from './methods/loadOptions';
import { getFormFields } from './methods/resourceMapping';

const operationParameters: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Form', value: 'form' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Link', value: 'link' },
		],
		default: 'lead',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead',
				description: 'Deliver a lead to a campaign form',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get a lead result',
				description: 'Whether a lead is pending, valid or invalid, with the reasons',
			},
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['form'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many forms',
				description: "List a campaign's forms with their fields",
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['link'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many links',
				description: "List a campaign's links (channels)",
			},
		],
		default: 'getMany',
	},
	{
		...campaignIdField,
		displayOptions: {
			show: { resource: ['lead', 'form', 'link'], operation: ['create', 'getMany'] },
		},
	},
];

export class ConvertrPublisher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convertr Publisher',
		name: 'convertrPublisher',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#convertr-publisher',
		icon: { light: 'file:convertr.svg', dark: 'file:convertr.dark.svg' },
		group: ['output'],
		// 1.1: the form and the link of Lead → Create are resource locators (1 keeps its dropdowns)
		// 1.2: Lead → Create's output says `httpStatus` (not `status`), its lead ID is text, and `fields` are named
		// as the form's fields (`email`, `telephone.countryCode`), not as their form keys
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: operationSubtitle(operationParameters),
		description: 'Deliver leads to Convertr campaigns and read their results',
		defaults: { name: 'Convertr Publisher' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'convertrPublisherApi',
				required: true,
				displayOptions: { show: { authentication: ['publisherApi'] } },
			},
			{
				name: 'convertrCampaignApi',
				required: true,
				displayOptions: { show: { authentication: ['campaignApiKey'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Publisher API',
						value: 'publisherApi',
						description: "Your publisher's API credentials: every campaign, lead results",
					},
					{
						name: 'Campaign API Key',
						value: 'campaignApiKey',
						description:
							"One campaign's key from its campaign manager: its forms, links and leads (no lead results)",
					},
				],
				default: 'publisherApi',
			},
			...operationParameters,
			...Object.values(operations).flatMap((byOperation) =>
				Object.values(byOperation).flatMap((operation) => operation.description),
			),
			...deliveryParameters(
				writingOperations(operations),
				"the campaign, the form and the lead's email",
			),
			requestOptions,
		],
	};

	methods = {
		loadOptions: { getForms, getLinks },
		listSearch: { searchForms, searchLinks },
		resourceMapping: { getFormFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
