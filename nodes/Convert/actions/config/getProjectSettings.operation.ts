import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../../shared/runItems';
import { type ConvertSession, loadProjectSettings } from '../../transport';
import type { ConvertOperation } from '../common';

const description: INodeProperties[] = [];

export const getProjectSettings: ConvertOperation = {
	description,
	async execute(this: IExecuteFunctions, session: ConvertSession) {
		return await runItems(
			this,
			1,
			() => undefined,
			async (_prepared, itemIndex) => {
				const body = await loadProjectSettings.call(this, session, itemIndex);
				return [{ json: (typeof body === 'object' && body !== null ? body : { settings: body }) as IDataObject }];
			},
		);
	},
};
