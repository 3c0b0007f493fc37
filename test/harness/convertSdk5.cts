// The reference for what Convert's SDK 5.x decides: the published @convertcom/js-sdk 4.4.3 (the newest the npm
// registry serves), its DataManager given what 5.0.1 added to it, written line for line from 5.0.1's source
// (github.com/convertcom/javascript-sdk at 8abe059, packages/data/src/data-manager.ts: filterMatchedRecordsWithRule,
// _isBucketingExclusionRule, _resolveBucketingExclusion; and matchRulesByField handing the visitor to the first, as
// 5.0.1's does). It shares nothing with the node's code; test/Convert/mutualExclusion.test.cts checks it against
// Convert's own cross-SDK fixture before the parity suite trusts it.

const ConvertSDK = require('@convertcom/js-sdk').default as new (options: object) => Sdk;

export interface SdkContext {
	runExperience(key: string, attributes: object): unknown;
	runExperiences(attributes: object): unknown;
	runFeatures(attributes: object): unknown;
	runCustomSegments(keys: string[], attributes: object): unknown;
}

export interface Sdk {
	onReady(): Promise<void>;
	createContext(visitorId: string): SdkContext;
	_dataManager: DataManager;
}

type Entity = Record<string, unknown>;
type Rules = { OR?: Array<{ AND?: Array<{ OR_WHEN?: Entity[] }> }> };

interface DataManager {
	matchRulesByField(visitorId: string, ...rest: unknown[]): unknown;
	filterMatchedRecordsWithRule(
		items: Entity[],
		visitorProperties: Entity,
		entityType: string,
		field?: string,
	): unknown[];
	getEntity(key: unknown, entityType: string): Entity | null;
	getData(visitorId: string): { bucketing?: Record<string, string> } | null;
	putData(visitorId: string, data: object): void;
	_ruleManager: { isRuleMatched(data: Entity, rules: unknown, label: string): unknown };
	/** what the patched matchRulesByField hands to filterMatchedRecordsWithRule */
	__visitorId?: string;
}

const BUCKETED_INTO_EXPERIENCE_KEY = 'bucketed_into_experience_key';
const arrayNotEmpty = (value: unknown): value is unknown[] =>
	Array.isArray(value) && value.length > 0;
const camelCase = (text: string) =>
	text.replace(/[-_\s]+(.)?/g, (_m, c: string) => (c ? c.toUpperCase() : ''));

function isBucketingExclusionRule(rules: Rules | undefined): Entity | null {
	if (!arrayNotEmpty(rules?.OR)) return null;
	for (const andBlock of rules.OR) {
		if (!arrayNotEmpty(andBlock?.AND)) continue;
		for (const orWhenBlock of andBlock.AND) {
			if (!arrayNotEmpty(orWhenBlock?.OR_WHEN)) continue;
			for (const ruleItem of orWhenBlock.OR_WHEN) {
				if (ruleItem?.rule_type === BUCKETED_INTO_EXPERIENCE_KEY) return ruleItem;
			}
		}
	}
	return null;
}

/** The warnings 5.0.1 logs for a rule whose experience key the config lacks, by visitor (read by the fixture test) */
export const unresolvedKeys: string[] = [];

function resolveBucketingExclusion(
	dataManager: DataManager,
	rule: Entity,
	visitorId: string,
): boolean {
	const target = dataManager.getEntity(rule.value, 'experiences');
	let bucketedRaw = false;
	if (!target) {
		unresolvedKeys.push(String(rule.value));
	} else {
		const { bucketing } = dataManager.getData(visitorId) || {};
		bucketedRaw = Boolean((bucketing || {})[String(target.id)]);
	}
	return (rule.matching as { negated?: unknown } | undefined)?.negated ? !bucketedRaw : bucketedRaw;
}

let patched = false;

function patch(dataManager: DataManager) {
	if (patched) return;
	patched = true;
	const prototype = Object.getPrototypeOf(dataManager) as DataManager;
	const matchRulesByField = prototype.matchRulesByField;
	prototype.matchRulesByField = function (
		this: DataManager,
		visitorId: string,
		...rest: unknown[]
	) {
		this.__visitorId = visitorId;
		return matchRulesByField.call(this, visitorId, ...rest);
	};
	prototype.filterMatchedRecordsWithRule = function (
		this: DataManager,
		items: Entity[],
		visitorProperties: Entity,
		entityType: string,
		field = 'id',
	) {
		const matchedRecords: unknown[] = [];
		let match: unknown;
		if (arrayNotEmpty(items)) {
			for (let i = 0, length = items.length; i < length; i++) {
				if (!items?.[i]?.rules) continue;
				const exclusionRule = isBucketingExclusionRule(items[i].rules as Rules);
				if (exclusionRule) {
					match = resolveBucketingExclusion(this, exclusionRule, String(this.__visitorId));
				} else {
					match = this._ruleManager.isRuleMatched(
						visitorProperties,
						items[i].rules,
						`${camelCase(entityType)} #${String(items[i][field])}`,
					);
				}
				if (match === true) matchedRecords.push(items[i]);
				else if (match !== false) matchedRecords.push(match);
			}
		}
		return matchedRecords;
	};
}

/**
 * A ready SDK of the reference for a config (its own copy: the SDK casts feature variables in place); `dataStore`, a
 * store of the SDK's DataStore kind (`get(key)`, `set(key, value)`).
 */
export async function referenceSdk(
	data: object,
	{ environment, dataStore }: { environment?: string; dataStore?: object } = {},
): Promise<Sdk> {
	const sdk = new ConvertSDK({
		data: structuredClone(data),
		...(environment ? { environment } : {}),
		...(dataStore ? { dataStore } : {}),
		network: { tracking: false },
		// the SDK's LogLevel.SILENT
		logger: { logLevel: 5 },
	});
	patch(sdk._dataManager);
	await sdk.onReady();
	return sdk;
}

/** Stores a visitor's bucketing in the SDK's own store, as an earlier session of the SDK would have */
export function storeBucketing(
	sdk: Sdk,
	visitorId: string,
	bucketing: Record<string, string>,
): void {
	if (Object.keys(bucketing).length > 0) sdk._dataManager.putData(visitorId, { bucketing });
}
