import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookSecretCredentialProperties } from './common/webhookSecret';

/** The shared secret that Convertr's postback URL must carry for the Convertr Trigger to accept a call. */
export class ConvertrTriggerApi implements ICredentialType {
	name = 'convertrTriggerApi';

	displayName = 'Convertr Trigger Secret API';

	icon: Icon = {
		light: 'file:../nodes/Convertr/convertr.svg',
		dark: 'file:../nodes/Convertr/convertr.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#credentials';

	properties: INodeProperties[] = webhookSecretCredentialProperties('Convertr');
}
