import type { INodeProperties } from 'n8n-workflow';

import {
	type InputField,
	parametersOnly,
	segmentsParameter,
	showFor,
	valuesFromParameters,
	visitorIdParameter,
} from '../common.descriptions';
import { SEGMENTS_FIELD, VISITOR_ID_FIELD } from '../inputFields';

// The parameters of Event → Track Conversion, and the item fields it reads when they come from the input.
const show = showFor('event', 'trackConversion');
const byParameters = { show: parametersOnly(show.show) };

/** What Values From: Input Fields reads from each item */
export const INPUT_FIELDS: InputField[] = [
	VISITOR_ID_FIELD,
	{
		key: 'goalId',
		displayName: 'Goal ID',
		default: 'goalId',
		description: "The item field holding the goal's ID",
	},
	{
		key: 'amount',
		displayName: 'Revenue Amount',
		default: 'amount',
		description: "The item field holding the transaction's amount; absent or empty: none sent",
	},
	{
		key: 'productsCount',
		displayName: 'Products Count',
		default: 'productsCount',
		description:
			'The item field holding how many products the order held; absent or empty: none sent',
	},
	{
		key: 'transactionId',
		displayName: 'Transaction ID',
		default: 'transactionId',
		description: 'The item field holding your order or transaction ID; absent or empty: none sent',
	},
	SEGMENTS_FIELD,
];

export const description: INodeProperties[] = [
	...valuesFromParameters(show.show, INPUT_FIELDS),
	visitorIdParameter(
		byParameters.show,
		'The ID Convert knows the visitor by (the one used when the visitor was bucketed)',
	),
	{
		displayName: 'Goal Name or ID',
		name: 'goalId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getGoals' },
		required: true,
		default: '',
		displayOptions: byParameters,
		description:
			'The goal the visitor reached. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Goal Data',
		name: 'goalData',
		type: 'collection',
		placeholder: 'Add Goal Data',
		default: {},
		displayOptions: byParameters,
		options: [
			{ displayName: 'Custom Dimension 1', name: 'customDimension1', type: 'string', default: '' },
			{ displayName: 'Custom Dimension 2', name: 'customDimension2', type: 'string', default: '' },
			{ displayName: 'Custom Dimension 3', name: 'customDimension3', type: 'string', default: '' },
			{ displayName: 'Custom Dimension 4', name: 'customDimension4', type: 'string', default: '' },
			{ displayName: 'Custom Dimension 5', name: 'customDimension5', type: 'string', default: '' },
			{
				displayName: 'Products Count',
				name: 'productsCount',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'How many products the order held',
			},
			{
				displayName: 'Revenue Amount',
				name: 'amount',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: "The transaction's amount",
			},
			{
				displayName: 'Transaction ID',
				name: 'transactionId',
				type: 'string',
				default: '',
				description: 'Your order or transaction ID',
			},
		],
	},
	{
		displayName: 'Bucketing Data Input',
		name: 'bucketingDataInput',
		type: 'options',
		options: [
			{ name: 'Define Below', value: 'fields' },
			{
				name: 'From Input Field',
				value: 'field',
				description:
					'An object of experience IDs to variation IDs in a field of the item, as Visitor → Bucket outputs it',
			},
		],
		default: 'fields',
		displayOptions: show,
	},
	{
		displayName: 'Input Field',
		name: 'bucketingDataField',
		type: 'string',
		default: 'bucketingData',
		displayOptions: { show: { ...show.show, bucketingDataInput: ['field'] } },
		description:
			"The item's field holding the bucketing data (dots reach into objects); an absent field sends none",
	},
	{
		displayName: 'Bucketing Data',
		name: 'bucketingData',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Experience',
		default: {},
		displayOptions: { show: { ...show.show, bucketingDataInput: ['fields'] } },
		description:
			'The experiences and variations the visitor saw, when Convert cannot know it (or with Enrich Data off)',
		options: [
			{
				displayName: 'Experience',
				name: 'experience',
				values: [
					{
						displayName: 'Experience Name or ID',
						name: 'experienceId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getExperiences' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Variation ID',
						name: 'variationId',
						type: 'string',
						default: '',
						description: "The variation's ID, e.g. from Visitor → Bucket",
					},
				],
			},
		],
	},
	segmentsParameter(byParameters.show),
];

/** Convert's goalData keys, in the order they are sent, with the names the node shows for them */
