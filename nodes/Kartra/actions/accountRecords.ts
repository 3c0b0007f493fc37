import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../shared/context';
import { invalidInput, requireId } from '../../shared/input';
import { oneByOne, type Operation } from '../../shared/operation';
import { returnAllOrLimitParameters } from '../../shared/operations';
import { simplifyRecord } from '../easternTime';
import { type KartraSession, accountNameList, kartraRequest } from '../transport';
import { type Show, leadEmailField, leadIdField } from './common.descriptions';
import { readLeadIdentity } from './leadInput';

/**
 * What the transaction, subscription and account-list operations share: Kartra IDs, finding a command's result in
 * Kartra's answer (its documents show three shapes), lists Kartra sends as JSON text, and simplified records (dates
 * in ISO 8601 with their Eastern offset, "N/A" as empty).
 */

export function showFor(resource: string, operation: string): Show {
	return { resource: [resource], operation: [operation] };
}

/** A Kartra ID (transaction, subscription, product…): digits only. */
export function readKartraId(
	this: IExecuteFunctions,
	itemIndex: number,
	name: string,
	field: string,
): string {
	return requireId(nodeOf(this), itemIndex, field, this.getNodeParameter(name, itemIndex));
}

export function idParameter(
	show: Show,
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: '738474',
		displayOptions: { show },
		description,
	};
}

/** A value Kartra may send as JSON text ("String (JSON encoded …)" in its documents) or as JSON. */
export function decoded(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return value;
	}
}

/** A command's own result in Kartra's answer: `actions[n][cmd]`, `answer[cmd]`, or the answer itself. */
export function resultOf(answer: IDataObject, cmd: string): IDataObject {
	for (const entry of Array.isArray(answer.actions) ? (answer.actions as IDataObject[]) : []) {
		const result = entry?.[cmd];
		if (typeof result === 'object' && result !== null) return result as IDataObject;
	}
	const own = answer[cmd];
	if (typeof own === 'object' && own !== null && !Array.isArray(own)) return own as IDataObject;
	return answer;
}

/** The record (object) or list (of objects) under `key` in a command's result. */
export function recordOf(result: IDataObject, key: string): IDataObject {
	const value = decoded(result[key]);
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

export function listOfRecords(result: IDataObject, key: string): IDataObject[] {
	const value = decoded(result[key]);
	const list = Array.isArray(value)
		? value
		: typeof value === 'object' && value !== null
			? Object.values(value)
			: [];
	return (list as unknown[]).filter(
		(entry): entry is IDataObject => typeof entry === 'object' && entry !== null,
	);
}

export const simplifyParameter = (show: Show, what: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	displayOptions: { show },
	description: `Whether to give ${what} with dates in ISO 8601 (US Eastern, with the offset of the day) and "N/A" as empty, instead of Kartra's text`,
});

export const limitParameters = (show: Show): INodeProperties[] => returnAllOrLimitParameters(show);

export function readLimit(this: IExecuteFunctions, itemIndex: number): number {
	if (this.getNodeParameter('returnAll', itemIndex, false)) return Infinity;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1)
		throw invalidInput(nodeOf(this), itemIndex, 'Limit', 'must be a whole number of 1 or more');
	return limit;
}

/** An operation that reads one record by its ID (Get Transaction, Get Subscription). */
export function getById(spec: {
	resource: string;
	cmd: string;
	idName: string;
	idLabel: string;
	idKey: string;
	recordKey: string;
	what: string;
}): Operation<KartraSession, { id: string; simplify: boolean }> {
	const show = showFor(spec.resource, 'get');
	return {
		description: [
			idParameter(show, spec.idName, spec.idLabel, `Kartra's ID of the ${spec.what}`),
			simplifyParameter(show, `the ${spec.what}`),
		],
		prepare(_session, itemIndex) {
			return {
				id: readKartraId.call(this, itemIndex, spec.idName, spec.idLabel),
				simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			};
		},
		execute: oneByOne(async function (session, { id, simplify }, itemIndex) {
			const answer = await kartraRequest.call(
				this,
				session,
				{ actions: [{ cmd: spec.cmd, [spec.idKey]: id }] },
				{ idempotent: true, itemIndex },
			);
			const record = recordOf(resultOf(answer, spec.cmd), spec.recordKey);
			return [simplify ? simplifyRecord(record) : record];
		}),
	};
}

/** An operation that says whether a record exists (Search Transaction, Search Subscription). */
export function existsById(spec: {
	resource: string;
	cmd: string;
	idName: string;
	idLabel: string;
	idKey: string;
	missingType: string;
	what: string;
}): Operation<KartraSession, { id: string }> {
	const show = showFor(spec.resource, 'search');
	return {
		description: [idParameter(show, spec.idName, spec.idLabel, `Kartra's ID of the ${spec.what}`)],
		prepare(_session, itemIndex) {
			return { id: readKartraId.call(this, itemIndex, spec.idName, spec.idLabel) };
		},
		execute: oneByOne(async function (session, { id }, itemIndex) {
			const answer = await kartraRequest.call(
				this,
				session,
				{ actions: [{ cmd: spec.cmd, [spec.idKey]: id }] },
				// "doesn't exist" is an answer here, not a failure
				{ idempotent: true, itemIndex, acceptErrorTypes: [spec.missingType] },
			);
			const result = resultOf(answer, spec.cmd);
			const missing = answer.status === 'Error' || result.status === 'Error';
			return [{ [spec.idKey]: id, exists: !missing }];
		}),
	};
}

/** An operation that lists a lead's records, one output item each (a lead's transactions, subscriptions). */
export function leadRecords(spec: {
	resource: string;
	cmd: string;
	listKey: string;
	what: string;
}): Operation<
	KartraSession,
	{ lead: { [key: string]: string }; limit: number; simplify: boolean }
> {
	const show = showFor(spec.resource, 'getMany');
	return {
		description: [
			leadEmailField(show, false, `The lead's email address (or give the lead's ID)`),
			leadIdField(show),
			...limitParameters(show),
			simplifyParameter(show, `the ${spec.what}`),
		],
		prepare(_session, itemIndex) {
			return {
				lead: readLeadIdentity.call(this, itemIndex),
				limit: readLimit.call(this, itemIndex),
				simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			};
		},
		execute: oneByOne(async function (session, { lead, limit, simplify }, itemIndex) {
			const answer = await kartraRequest.call(
				this,
				session,
				{ lead, actions: [{ cmd: spec.cmd }] },
				{ idempotent: true, itemIndex },
			);
			const records = listOfRecords(resultOf(answer, spec.cmd), spec.listKey).slice(0, limit);
			return records.map((record) => (simplify ? simplifyRecord(record) : record));
		}),
	};
}

/** An operation that lists names the account holds (tags, lists, sequences), one item each, read once per execution. */
export function accountNames(spec: {
	resource: string;
	cmd: string;
	key: string;
	field: string;
}): Operation<KartraSession, { limit: number }> {
	const show = showFor(spec.resource, 'getMany');
	return {
		description: limitParameters(show),
		prepare(_session, itemIndex) {
			return { limit: readLimit.call(this, itemIndex) };
		},
		execute: oneByOne(async function (session, { limit }, itemIndex) {
			session.accountLists ??= new Map();
			let names = session.accountLists.get(spec.cmd);
			if (!names) {
				names = accountNameList.call(this, session, spec.cmd, spec.key, itemIndex);
				names.catch(() => session.accountLists?.delete(spec.cmd));
				session.accountLists.set(spec.cmd, names);
			}
			return (await names).slice(0, limit).map((name) => ({ [spec.field]: name }));
		}),
	};
}
