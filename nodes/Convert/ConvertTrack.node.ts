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
import { optionsParameter } from './actions/options';
import { operations, router } from './actions/router';
import {
	getEnvironments,
	getExperiences,
	getGoals,
	getSegments,
	getVariations,
} from './methods/loadOptions';

const resourceParameters: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Config', value: 'config' },
			{ name: 'Event', value: 'event' },
			{ name: 'Visitor', value: 'visitor' },
		],
		default: 'event',
	},
	operationParameter('config', 'get', [
		{
			name: 'Get',
			value: 'get',
			action: 'Get the project config',
			description: 'Experiences, variations, goals, segments and environments',
		},
		{
			name: 'Get Optional Settings',
			value: 'getOptionalSettings',
			action: 'Get the project optional settings',
			description: 'Visitor insights: tracking ID and sampling rate',
		},
		{
			name: 'Get Project Settings',
			value: 'getProjectSettings',
			action: 'Get the project settings',
			description: 'The basic properties of the project',
		},
	]),
	operationParameter('event', 'trackConversion', [
		{
			name: 'Track (Legacy)',
			value: 'trackLegacy',
			action: 'Track with the legacy endpoint',
			description: "Convert's older /track endpoint, one request per item",
		},
		{
			name: 'Track Bucketing',
			value: 'trackBucketing',
			action: 'Track a bucketing',
			description: 'Report that a visitor saw a variation (batched)',
		},
		{
			name: 'Track Conversion',
			value: 'trackConversion',
			action: 'Track a conversion',
			description: 'Report a goal conversion, with revenue (batched)',
		},
	]),
	operationParameter('visitor', 'bucket', [
		{
			name: 'Bucket',
			value: 'bucket',
			action: 'Bucket a visitor',
			description: "Decide a visitor's variations locally, as Convert's SDKs do",
		},
		{
			name: 'Get Data',
			value: 'getData',
			action: 'Get the stored data of a visitor',
			description: 'What Convert stores about a visitor',
		},
		{
			name: 'Get Features',
			value: 'getFeatures',
			action: 'Get the features of a visitor',
			description:
				"The full-stack features a visitor gets and their variables, as Convert's SDKs decide",
		},
	]),
];

export class ConvertTrack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convert Track',
		name: 'convertTrack',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convert#convert-track',
		icon: { light: 'file:convert.svg', dark: 'file:convert.dark.svg' },
		group: ['output'],
		// 1.1: Visitor → Bucket applies targeting by default (1 keeps bucketing everyone)
		// 1.2: Visitor → Bucket's output has bucketingData only (1 and 1.1 also repeat it as `bucketing`)
		// 1.3: Track Conversion's Skip Already Delivered counts a visitor's goal once, as Convert's SDKs count it
		//   (1.2 and before: once per visitor, goal and transaction ID)
		version: [1, 1.1, 1.2, 1.3],
		defaultVersion: 1.3,
		subtitle: operationSubtitle(resourceParameters),
		description:
			"Report conversions and bucketing to Convert experiments, and bucket visitors as Convert's SDKs do",
		defaults: { name: 'Convert Track' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'convertExperiencesApi', required: true }],
		properties: [
			...resourceParameters,
			...Object.values(operations).flatMap((byOperation) =>
				Object.values(byOperation).flatMap((operation) => operation.description),
			),
			...deliveryParameters(
				writingOperations(operations),
				"the visitor and the goal, as Convert's SDKs count a goal once per visitor (with Force Multiple Transactions, each transaction; before version 1.3, the visitor, the goal and the transaction ID; Legacy: the visitor and the events)",
			),
			optionsParameter,
		],
	};

	methods = {
		loadOptions: { getEnvironments, getExperiences, getGoals, getSegments, getVariations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
