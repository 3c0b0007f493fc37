import type { IDataObject } from 'n8n-workflow';

import { oneByOne, type Operation } from '../../../shared/operation';
import { type ConvertSession, loadProjectOptionalSettings } from '../../transport';

export const getOptionalSettings: Operation<ConvertSession, undefined> = {
	description: [],
	prepare() {
		return undefined;
	},
	// read once per execution, however many items ask for it
	execute: oneByOne(async function (session, _prepared, itemIndex) {
		const body = await loadProjectOptionalSettings.call(this, session, itemIndex);
		return [
			typeof body === 'object' && body !== null && !Array.isArray(body)
				? (structuredClone(body) as IDataObject)
				: { settings: body as IDataObject['settings'] },
		];
	}),
};
