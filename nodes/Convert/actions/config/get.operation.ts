import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { oneByOne, type Operation } from '../../../shared/operation';
import { simplifyConfig } from '../../projectConfig';
import { type ConvertSession, loadProjectConfig } from '../../transport';
import { showFor } from '../common.descriptions';

const description: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: showFor('config', 'get'),
		description:
			'Whether to return only IDs, keys, names, statuses and allocations of experiences, goals, segments, audiences and locations instead of the whole config',
	},
];

export const getConfig: Operation<ConvertSession, { simplify: boolean }> = {
	description,
	prepare(_session, itemIndex) {
		return { simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean };
	},
	// the same query is fetched once per execution, however many items ask for it
	execute: oneByOne(async function (session, { simplify }) {
		const config = await loadProjectConfig.call(this, session, session.options.config);
		return [simplify ? simplifyConfig(config) : (structuredClone(config) as IDataObject)];
	}),
};
