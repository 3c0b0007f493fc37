import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { oneByOne, type Operation } from '../../../shared/operation';
import { hasOwn, isPrototypeName } from '../../../../credentials/common/ownKeys';
import { decideFeatures } from '../../targeting';
import type { ConvertSession } from '../../transport';
import { showFor, visitorIdParameter } from '../common.descriptions';
import { readVisitorId } from '../visitorInput';
import { decideVisitor, readTargeting, type TargetingChoice } from './decide';
import { targetingParameters } from './targeting.description';

const show = showFor('visitor', 'getFeatures');

const description: INodeProperties[] = [
	visitorIdParameter(
		show.show,
		'A stable ID of the visitor: the same ID always gets the same features',
		'={{ $json.email }}',
	),
	...targetingParameters(show.show),
	{
		displayName: 'Type Variables',
		name: 'typeCasting',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description:
			"Whether to give each variable the type the feature declares (boolean, integer, float, string, JSON), as Convert's SDKs do",
	},
];

interface PreparedFeatures {
	visitorId: string;
	targeting: TargetingChoice;
	typeCasting: boolean;
}

export const getFeatures: Operation<ConvertSession, PreparedFeatures> = {
	description,
	prepare(_session, itemIndex) {
		const visitorId = readVisitorId(
			nodeOf(this),
			itemIndex,
			this.getNodeParameter('visitorId', itemIndex),
		);
		return {
			visitorId,
			targeting: readTargeting.call(this, itemIndex),
			typeCasting: this.getNodeParameter('typeCasting', itemIndex, true) as boolean,
		};
	},
	// decided locally from the config, which is fetched once per execution
	execute: oneByOne(async function (session, { visitorId, targeting, typeCasting }, itemIndex) {
		const { config, decisions } = await decideVisitor.call(
			this,
			session,
			itemIndex,
			visitorId,
			targeting,
		);
		const features = decideFeatures(
			config,
			decisions.map(({ decision }) => decision),
			typeCasting,
		) as unknown as IDataObject[];
		// a feature enabled by several experiences is listed once per experience; the first gives its variables
		const enabled: IDataObject = {};
		for (const feature of features) {
			if (feature.status !== 'enabled' || typeof feature.key !== 'string') continue;
			// a key from the config names an own entry, never the object's prototype
			if (isPrototypeName(feature.key)) continue;
			if (!hasOwn(enabled, feature.key))
				enabled[feature.key] = (feature.variables ?? {}) as IDataObject;
		}
		return [{ visitorId, enabled, features }];
	}),
};
