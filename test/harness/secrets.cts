import { CONVERTR_SECRETS, type ConvertrFake } from '../fakes/convertr.cjs';

/** Every secret a Convertr test could leak: the credential's and every token the fake issued. */
export function convertrSecretValues(fake: ConvertrFake): string[] {
	return [
		CONVERTR_SECRETS.clientSecret,
		CONVERTR_SECRETS.apiKey,
		CONVERTR_SECRETS.password,
		CONVERTR_SECRETS.campaignApiKey,
		...fake.tokensIssued,
	];
}

/** Asserts that none of the secrets appears anywhere in the serialized values. */
export function expectNoSecrets(values: unknown[], secrets: string[]): void {
	const text = values
		.map((v) =>
			JSON.stringify(v, (_k, val: unknown) =>
				val instanceof Error
					? {
							...val,
							message: val.message,
							description: (val as { description?: unknown }).description,
						}
					: val,
			),
		)
		.join('\n');
	for (const secret of secrets) {
		expect({
			secret,
			found: text.includes(secret) || text.includes(encodeURIComponent(secret)),
		}).toEqual({ secret, found: false });
	}
}
