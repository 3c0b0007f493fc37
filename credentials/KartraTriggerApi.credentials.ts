import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookSecretCredentialProperties } from './common/webhookSecret';

/** The shared secret that Kartra's outbound API call must carry for the Kartra Trigger to accept it. */
export class KartraTriggerApi implements ICredentialType {
	name = 'kartraTriggerApi';

	displayName = 'Kartra Trigger Secret API';

	icon: Icon = {
		light: 'file:../nodes/Kartra/kartra.svg',
		dark: 'file:../nodes/Kartra/kartra.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/kartra#credentials';

	properties: INodeProperties[] = webhookSecretCredentialProperties('Kartra');
}
