import { ConvertExperiencesApi } from '../../credentials/ConvertExperiencesApi.credentials';
import { ConvertTrack } from '../../nodes/Convert/ConvertTrack.node';
import {
	CONVERT_IDS,
	CONVERT_SECRETS,
	type ConvertFake,
	type ConvertFakeOptions,
	startConvertFake,
} from '../fakes/convert.cjs';
import { createHarness } from './engine.cjs';

export const convertNode = new ConvertTrack();

export type CredentialStyle = 'project' | 'sdkKey' | 'openSdkKey';

export async function convertSetup(
	options: ConvertFakeOptions = {},
	style: CredentialStyle = 'project',
	extra: Record<string, string> = {},
) {
	const fake: ConvertFake = await startConvertFake(options);
	const harness = createHarness([new ConvertExperiencesApi()]);
	const credentials = harness.addCredential('convertExperiencesApi', {
		accountId: CONVERT_IDS.accountId,
		projectId: CONVERT_IDS.projectId,
		sdkKey:
			style === 'sdkKey'
				? CONVERT_IDS.sdkKey
				: style === 'openSdkKey'
					? CONVERT_IDS.openSdkKey
					: '',
		sdkKeySecret: style === 'sdkKey' ? CONVERT_SECRETS.sdkKeySecret : '',
		debugToken: CONVERT_SECRETS.debugToken,
		configBaseUrl: fake.config.url,
		metricsBaseUrl: fake.metrics.url,
		...extra,
	});
	return { fake, harness, credentials };
}

export const convertSecretValues = [CONVERT_SECRETS.sdkKeySecret, CONVERT_SECRETS.debugToken];

export const conversion = (extra: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'trackConversion',
	visitorId: '={{$json.visitor}}',
	goalId: '100300',
	goalData: {
		amount: '={{$json.amount}}',
		productsCount: 2,
		transactionId: '={{"T-" + $json.n}}',
		customDimension1: 'a&b=[c]',
	},
	...extra,
});

/** Visitor → Bucket for one visitor (`v1`) on the shop's home page, targeting applied */
export const bucketVisitor = (extra: Record<string, unknown> = {}) => ({
	resource: 'visitor',
	operation: 'bucket',
	visitorId: 'v1',
	pageUrl: 'https://shop.example.com/',
	...extra,
});

export const visitors = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ visitor: `visitor-${i}`, amount: 10 + i, n: i }));

/** One of Convert's key/value targeting rules, as its config writes them. */
export const targetingRule = (
	key: string,
	match_type: string,
	value: unknown,
	negated = false,
) => ({
	rule_type: 'generic_key_value',
	key,
	matching: { match_type, negated },
	value,
});

/** A rule tree of one OR block whose AND holds one OR_WHEN per list given. */
export const ruleTree = (...ands: unknown[][]) => ({
	OR: [{ AND: ands.map((whens) => ({ OR_WHEN: whens })) }],
});
