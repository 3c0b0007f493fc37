/**
 * The full-stack features a visitor gets from the variations they were bucketed into, as Convert's SDK gives them
 * (`packages/js-sdk/src/feature-manager`), each variable cast to its declared type.
 */
import { isRecord, listOf, objectNotEmpty } from './rules';
import type { Decision } from './targeting';

/** The SDK's type casting of a feature variable (`boolean`, `integer`, `float`, `string`, `json`). */
export function castVariable(value: unknown, type: unknown): unknown {
	switch (type) {
		case 'boolean':
			if (value === 'true') return true;
			if (value === 'false') return false;
			return Boolean(value);
		case 'integer':
			if (typeof value === 'boolean') return value ? 1 : 0;
			return parseInt(value as string);
		case 'float':
			if (typeof value === 'boolean') return value ? 1 : 0;
			return parseFloat(value as string);
		case 'string':
			return String(value);
		case 'json':
			if (typeof value === 'object') return value;
			try {
				return JSON.parse(value as string) as unknown;
			} catch {
				return String(value);
			}
		default:
			return value;
	}
}

export interface FeatureDecision {
	id?: unknown;
	key?: unknown;
	name?: unknown;
	status: 'enabled' | 'disabled';
	experienceId?: unknown;
	experienceKey?: unknown;
	experienceName?: unknown;
	variables?: unknown;
}

function isArrayIndexKey(key: string): boolean {
	return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;
}

/**
 * The features a visitor gets from the variations they were bucketed into (each full-stack feature change, with its
 * variables cast to their declared types), then every declared feature they did not get, as disabled. Declared
 * features are listed in the order JavaScript gives object keys of their ids, as the SDK lists them.
 */
export function decideFeatures(
	config: Record<string, unknown>,
	decisions: Decision[],
	typeCasting = true,
): FeatureDecision[] {
	const declared = new Map<string, Record<string, unknown>>();
	for (const feature of listOf(config.features)) declared.set(String(feature.id), feature);
	const features: FeatureDecision[] = [];
	for (const decision of decisions) {
		if (!decision.bucketed) continue;
		for (const change of listOf((decision.variation as Record<string, unknown>).changes)) {
			if (change.type !== 'fullStackFeature') continue;
			const data = isRecord(change.data) ? change.data : undefined;
			const featureId = data?.feature_id;
			if (!featureId) continue;
			const feature = declared.get(String(featureId));
			let variables = data.variables_data;
			if (typeCasting && objectNotEmpty(variables)) {
				const definitions = listOf(feature?.variables);
				variables = Object.fromEntries(
					Object.entries(variables).map(([name, value]) => {
						const definition = definitions.find((d) => d.key === name);
						return [name, definition?.type ? castVariable(value, definition.type) : value];
					}),
				);
			}
			features.push({
				experienceId: decision.experience.id,
				experienceName: decision.experience.name,
				experienceKey: decision.experience.key,
				key: feature?.key,
				name: feature?.name,
				id: String(featureId),
				status: 'enabled',
				variables,
			});
		}
	}
	const enabledIds = features.map((f) => f.id);
	const keys = [...declared.keys()];
	const order = [
		...keys.filter(isArrayIndexKey).sort((a, b) => Number(a) - Number(b)),
		...keys.filter((k) => !isArrayIndexKey(k)),
	];
	for (const id of order) {
		const feature = declared.get(id)!;
		// compared as the SDK compares them: a declared id that is a number never equals the enabled one's text
		if (enabledIds.indexOf(feature.id as string) !== -1) continue;
		features.push({ id: feature.id, name: feature.name, key: feature.key, status: 'disabled' });
	}
	return features;
}
