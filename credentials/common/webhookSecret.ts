import type { INodeProperties } from 'n8n-workflow';

/** A trigger's secret: how long it must be at the least */
export const MIN_SECRET_LENGTH = 16;

/** The one property of a trigger's secret credential. */
export function webhookSecretCredentialProperties(service: string): INodeProperties[] {
	return [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `A long random value (at least ${MIN_SECRET_LENGTH} characters). ${service}'s calls must carry it; calls without it are answered 401 and start nothing.`,
		},
	];
}
