import { oneByOne, type Operation } from '../../../shared/operation';
import { type KartraSession, accountCustomFields } from '../../transport';
import { limitParameters, readLimit, showFor } from '../accountRecords';

/** Custom Field → Get Many: the account's custom fields with their type and options (`retrieve_custom_fields`). */
export const getCustomFields: Operation<KartraSession, { limit: number }> = {
	description: limitParameters(showFor('customField', 'getMany')),
	prepare(_session, itemIndex) {
		return { limit: readLimit.call(this, itemIndex) };
	},
	// read once per execution, however many items ask
	execute: oneByOne(async function (session, { limit }) {
		const fields = await accountCustomFields.call(this, session);
		return fields.slice(0, limit).map((field) => ({
			field_id: field.field_id,
			field_identifier: field.field_identifier,
			field_type: field.field_type,
			options: field.options.map((o) => ({ option_id: o.option_id, option_value: o.option_value })),
		}));
	}),
};
