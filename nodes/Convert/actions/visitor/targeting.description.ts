import type { INodeProperties } from 'n8n-workflow';

import type { Show } from '../common.descriptions';

// The parameters of targeting shared by Visitor → Bucket and Visitor → Get Features.
const NEWER = { '@version': [{ _cnd: { gte: 1.1 } }] };

const targetingOptions = [
	{
		name: "Apply Targeting (as Convert's SDKs)",
		value: 'apply',
		description:
			'A visitor enters an experience only when the page matches its locations (or site area) and the visitor its audiences and segments, as Convert decides',
	},
	{
		name: 'Ignore Targeting (Bucket Everyone)',
		value: 'ignore',
		description:
			"Every visitor is bucketed into every chosen experience by traffic alone, whatever the experience's locations, audiences and segments",
	},
];

const propertyPairs = (
	displayName: string,
	name: string,
	show: Show,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Property',
	default: {},
	displayOptions: { show: { ...show, targeting: ['apply'], propertiesInput: ['fields'] } },
	description,
	options: [
		{
			displayName: 'Property',
			name: 'property',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: "The key the project's rules use (case-sensitive)",
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'Text, or a number or list from an expression: rules compare numbers as numbers',
				},
			],
		},
	],
});

export function targetingParameters(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Targeting',
			name: 'targeting',
			type: 'options',
			options: targetingOptions,
			default: 'apply',
			displayOptions: { show: { ...show, ...NEWER } },
		},
		{
			displayName: 'Targeting',
			name: 'targeting',
			type: 'options',
			options: targetingOptions,
			// workflows built before targeting keep bucketing everyone
			default: 'ignore',
			displayOptions: { show: { ...show, '@version': [1] } },
		},
		{
			displayName: 'Stored Bucketing',
			name: 'storedBucketing',
			type: 'json',
			default: '{}',
			displayOptions: { show },
			description:
				"What the visitor was bucketed into before, as experience IDs to variation IDs (e.g. an earlier Bucket's bucketingData): as Convert's SDKs keep it, a stored variation is given again, and mutual-exclusion audiences read it",
		},
		{
			displayName: 'Page URL',
			name: 'pageUrl',
			type: 'string',
			default: '',
			placeholder: 'https://shop.example.com/pricing',
			displayOptions: { show: { ...show, targeting: ['apply'] } },
			description:
				'The page the visitor is on, for locations and site areas (the location property their rules call URL)',
		},
		{
			displayName: 'Properties Input',
			name: 'propertiesInput',
			type: 'options',
			options: [
				{ name: 'Define Below', value: 'fields' },
				{ name: 'JSON', value: 'json', description: 'Objects, e.g. from a field of the item' },
			],
			default: 'fields',
			displayOptions: { show: { ...show, targeting: ['apply'] } },
		},
		propertyPairs(
			'Visitor Properties',
			'visitorProperties',
			show,
			'What audiences and segments check about the visitor',
		),
		propertyPairs(
			'Location Properties',
			'locationProperties',
			show,
			'More about the page, for location rules on other keys than the URL',
		),
		{
			displayName: 'Visitor Properties (JSON)',
			name: 'visitorPropertiesJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { ...show, targeting: ['apply'], propertiesInput: ['json'] } },
			description:
				'An object of what audiences and segments check about the visitor, e.g. an expression naming a field of the item',
		},
		{
			displayName: 'Location Properties (JSON)',
			name: 'locationPropertiesJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { ...show, targeting: ['apply'], propertiesInput: ['json'] } },
			description:
				'An object of the page properties location rules check (Page URL is added to it)',
		},
	];
}
