import { nodeOf } from '../../../shared/context';
import { invalidInput, requireScalar } from '../../../shared/input';
import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, kartraRequest } from '../../transport';
import { showFor } from '../accountRecords';

const show = showFor('customField', 'create');

const TYPES = ['input_field', 'text_area', 'drop_down', 'radio_button', 'checkbox'];
const WITH_OPTIONS = ['drop_down', 'radio_button', 'checkbox'];

/**
 * Custom Field → Create (`create_custom_field`): an identifier (letters, digits, dashes, underscores), a type, and
 * two or more options for drop-downs, radio buttons and checkboxes. Checked before anything is sent.
 */
export const createCustomField: Operation<
	KartraSession,
	{ identifier: string; type: string; options: string[] }
> = {
	description: [
		{
			displayName: 'Identifier',
			name: 'identifier',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'favourite_colour',
			displayOptions: { show },
			description: "The custom field's name in Kartra: letters, digits, dashes and underscores",
		},
		{
			displayName: 'Type',
			name: 'fieldType',
			type: 'options',
			options: [
				{ name: 'Checkbox', value: 'checkbox' },
				{ name: 'Drop-Down', value: 'drop_down' },
				{ name: 'Input Field', value: 'input_field' },
				{ name: 'Radio Button', value: 'radio_button' },
				{ name: 'Text Area', value: 'text_area' },
			],
			default: 'input_field',
			displayOptions: { show },
		},
		{
			displayName: 'Options',
			name: 'fieldOptions',
			type: 'string',
			typeOptions: { multipleValues: true },
			default: [],
			displayOptions: { show: { ...show, fieldType: WITH_OPTIONS } },
			description: 'The choices, two or more',
		},
	],
	prepare(_session, itemIndex) {
		const node = nodeOf(this);
		const identifier = String(
			requireScalar(node, itemIndex, 'Identifier', this.getNodeParameter('identifier', itemIndex)),
		).trim();
		if (identifier === '') throw invalidInput(node, itemIndex, 'Identifier', 'is required');
		if (!/^[A-Za-z0-9_-]+$/.test(identifier))
			throw invalidInput(
				node,
				itemIndex,
				'Identifier',
				`may hold only letters, digits, dashes and underscores; got "${identifier.slice(0, 40)}"`,
			);
		const type = String(this.getNodeParameter('fieldType', itemIndex, 'input_field'));
		if (!TYPES.includes(type))
			throw invalidInput(node, itemIndex, 'Type', `must be one of ${TYPES.join(', ')}`);
		let options: string[] = [];
		if (WITH_OPTIONS.includes(type)) {
			const raw = this.getNodeParameter('fieldOptions', itemIndex, []);
			options = (Array.isArray(raw) ? raw : [raw]).map((o, i) =>
				String(requireScalar(node, itemIndex, `Options ${i + 1}`, o)).trim(),
			);
			if (options.some((o) => o === ''))
				throw invalidInput(node, itemIndex, 'Options', 'has an empty option');
			if (options.length < 2)
				throw invalidInput(node, itemIndex, 'Options', 'needs two or more options');
		}
		return { identifier, type, options };
	},
	execute: oneByOne(async function (session, { identifier, type, options }, itemIndex) {
		await kartraRequest.call(
			this,
			session,
			{
				actions: [
					{
						cmd: 'create_custom_field',
						custom_field_identifier: identifier,
						custom_field_type: type,
						...(options.length
							? { custom_field_options: options.map((option_name) => ({ option_name })) }
							: {}),
					},
				],
			},
			{ idempotent: false, itemIndex },
		);
		// the next read of the account's fields (mapping, Get Many) must see it
		session.customFields = undefined;
		return [
			{
				field_identifier: identifier,
				field_type: type,
				...(options.length ? { options } : {}),
				created: true,
			},
		];
	}),
};
