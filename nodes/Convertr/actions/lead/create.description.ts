import type { INodeProperties } from 'n8n-workflow';

// The parameters of Lead → Create (and Check Only): the campaign, its form and link, the fields, Check Only.
const show = { resource: ['lead'], operation: ['create'] };

/** From version 1.1 the form and the link are resource locators: From List (following the campaign) or By ID. */
function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	required: boolean,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 1.1 } }] } },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${displayName.toLowerCase()} of the campaign…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: name === 'formId' ? '35' : '12',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\d+$',
							errorMessage: `A ${displayName.toLowerCase()} ID is a number`,
						},
					},
				],
			},
		],
	};
}

export const description: INodeProperties[] = [
	{
		displayName: 'Check Only',
		name: 'checkOnly',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			"Whether to check every item against the form's fields and say what would be sent, without sending anything",
	},
	{
		displayName: 'Form Name or ID',
		name: 'formId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getForms', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		required: true,
		displayOptions: { show: { ...show, '@version': [1] } },
		description:
			'The campaign\'s form the lead fills. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Link Name or ID',
		name: 'linkId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLinks', loadOptionsDependsOn: ['campaignId'] },
		default: '',
		displayOptions: { show: { ...show, '@version': [1] } },
		description:
			'The channel the lead came through (optional). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	locator('formId', 'Form', 'searchForms', true, "The campaign's form the lead fills"),
	locator('linkId', 'Link', 'searchLinks', false, 'The channel the lead came through (optional)'),
	{
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			// The editor reloads the mapper when the text of these changes. It joins them as text, and a resource
			// locator (the form, from version 1.1) would read "[object Object]" whichever form is chosen: its `value`
			// is named, so choosing another form reloads the fields.
			loadOptionsDependsOn: ['campaignId', 'formId', 'formId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getFormFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				// before a form is chosen the mapper shows the method's notice (in the info style), not n8n's red
				// "No fields found"
				hideNoDataError: true,
			},
		},
		displayOptions: { show },
	},
];
