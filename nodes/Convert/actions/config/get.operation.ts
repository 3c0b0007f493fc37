import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../../shared/runItems';
import { simplifyConfig } from '../../projectConfig';
import { type ConvertSession, loadProjectConfig } from '../../transport';
import { type ConvertOperation, type ConvertOptions, showFor } from '../common';

const description: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: showFor('config', 'get'),
		description: 'Whether to return only IDs, keys, names, statuses and allocations of experiences, goals, segments, audiences and locations instead of the whole config',
	},
];

export const getConfig: ConvertOperation = {
	description,
	async execute(this: IExecuteFunctions, session: ConvertSession, options: ConvertOptions) {
		// The same query is fetched once per execution, however many items ask for it.
		return await runItems(
			this,
			1,
			(itemIndex) => ({ simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean }),
			async ({ simplify }) => {
				const config = await loadProjectConfig.call(this, session, options.config);
				return [{ json: simplify ? simplifyConfig(config) : (structuredClone(config) as IDataObject) }];
			},
		);
	},
};
