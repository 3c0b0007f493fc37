import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, optionsCollection, timeoutOption } from '../../shared/operations';

/** The parameters the Kartra operations share: the lead's email or ID, the options. */

export type Show = NonNullable<IDisplayOptions['show']>;

export const DEFAULT_CONCURRENCY = 4;

export function leadEmailField(
	show: Show,
	required: boolean,
	description?: string,
): INodeProperties {
	return {
		displayName: 'Lead Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required,
		displayOptions: { show },
		description: description ?? "The lead's email address",
	};
}

export function leadIdField(show: Show): INodeProperties {
	return {
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		displayOptions: { show },
		description:
			"Kartra's lead ID. Give the ID or the email; when both are given Kartra uses the ID.",
	};
}

/** The node's options: those an operation adds (`extra`), then how many calls run at once and how long to wait. */
export function kartraOptions(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection([
		...extra,
		concurrencyOption(
			DEFAULT_CONCURRENCY,
			10,
			"How many items are sent at the same time. Whatever the number, calls are paced to stay under Kartra's 20 calls per second.",
		),
		timeoutOption(
			"How long to wait for Kartra's answer. A call that changes a lead and gets no answer in time is reported as an error and not sent again.",
		),
	]);
}
