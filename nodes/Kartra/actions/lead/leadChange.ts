import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { ownValue } from '../../../../credentials/common/ownKeys';
import type { PhpFormValue } from '../../../../credentials/common/phpForm';
import { accountCustomFields, type KartraSession } from '../../transport';
import type { Show } from '../common.descriptions';
import { alsoDoCollection, readAlsoDo } from '../leadActions';
import { type ActionOutcome, readOutcomes } from '../leadInput';
import {
	customFieldsCollection,
	fieldsFromParameter,
	PROFILE_FIELD_NAMES,
	profileFieldsCollection,
	readProfileFields,
	shapeCustomFields,
} from './leadFields';

/** The parameters Create, Update and Create or Update share: profile fields, custom fields, chained actions. */
export function leadChangeParameters(show: Show): INodeProperties[] {
	return [
		fieldsFromParameter(show),
		profileFieldsCollection(show),
		customFieldsCollection(show),
		alsoDoCollection(show),
	];
}

/**
 * Map Automatically: the item's fields named as Kartra's profile fields, and those named as one of the account's
 * custom field identifiers (the account's list, read once per execution); every other field is left out.
 */
async function mapAutomatically(
	this: IExecuteFunctions,
	session: KartraSession,
	itemIndex: number,
): Promise<{ profile: IDataObject; custom: IDataObject[] }> {
	const json = this.getInputData()[itemIndex]?.json ?? {};
	const profile: IDataObject = {};
	for (const name of PROFILE_FIELD_NAMES) {
		const value = ownValue(json, name);
		if (value !== undefined) profile[name] = value as IDataObject[string];
	}
	const custom: IDataObject[] = [];
	for (const { field_identifier: identifier } of await accountCustomFields.call(this, session)) {
		// the item's own field: an account field named `constructor` is not the Object function
		const value = ownValue(json, identifier);
		if (value !== undefined) custom.push({ identifier, value: value as IDataObject[string] });
	}
	return { profile, custom };
}

export interface LeadChange {
	/** `lead[...]` without the identification */
	fields: Record<string, PhpFormValue>;
	/** Actions chained after create_lead / edit_lead */
	actions: Array<{ [key: string]: PhpFormValue }>;
}

/** Reads and checks an item's lead fields, custom fields (shaped by their type) and chained actions. */
export async function readLeadChange(
	this: IExecuteFunctions,
	session: KartraSession,
	itemIndex: number,
): Promise<LeadChange> {
	const node = nodeOf(this);
	const auto =
		this.getNodeParameter('fieldsFrom', itemIndex, 'setBelow') === 'autoMap'
			? await mapAutomatically.call(this, session, itemIndex)
			: undefined;
	const fields = auto
		? readProfileFields(node, itemIndex, auto.profile, (name) => `input field "${name}"`)
		: readProfileFields(
				node,
				itemIndex,
				this.getNodeParameter('leadFields', itemIndex, {}) as IDataObject,
			);
	const custom =
		auto?.custom ??
		(((this.getNodeParameter('customFields', itemIndex, {}) as IDataObject).field ??
			[]) as IDataObject[]);
	if (custom.length > 0) {
		fields.custom_fields = shapeCustomFields(
			node,
			itemIndex,
			custom,
			await accountCustomFields.call(this, session),
		);
	}
	const actions = readAlsoDo(
		node,
		itemIndex,
		this.getNodeParameter('alsoDo', itemIndex, {}) as IDataObject,
	);
	return { fields, actions };
}

/** The output of a create / update: the lead's ID, what happened, every chained action's answer, the calls made. */
export function leadChangeOutput(
	lead: IDataObject,
	result: 'created' | 'updated',
	answer: IDataObject,
	calls: number,
): IDataObject[] {
	const outcomes: ActionOutcome[] = readOutcomes(answer);
	const leadId =
		outcomes.find((o) => o.leadId !== undefined)?.leadId ?? (lead.id as string | undefined) ?? null;
	return [
		{
			leadId,
			email: (lead.new_email ?? lead.email ?? null) as string | null,
			result,
			actions: outcomes.map((o) => ({ ...o })),
			kartraCalls: calls,
		},
	];
}
