import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** The shared secret that Convertr's postback URL must carry for the Convertr Trigger to accept a call. */
export class ConvertrTriggerApi implements ICredentialType {
	name = 'convertrTriggerApi';

	displayName = 'Convertr Trigger Secret API';

	icon: Icon = { light: 'file:../nodes/Convertr/convertr.svg', dark: 'file:../nodes/Convertr/convertr.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert#convertr-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (at least 16 characters). Convertr\'s postback must send it; calls without it are answered 401 and start nothing.',
		},
	];
}
