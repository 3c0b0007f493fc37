import {
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { EXECUTIONS_CREDENTIAL } from '../shared/executionHistory';
import { pollLeadResults } from './leadResultPoll';
import { CREDENTIAL_NAME } from './transport';

export class ConvertrLeadResultTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convertr Lead Result Trigger',
		name: 'convertrLeadResultTrigger',
		// the editor opens this as it is; a link in the codex file gets n8n's ?utm_source=… after the #anchor
		documentationUrl:
			'https://github.com/n8n-nodes-convertr-kartra-convert/n8n-nodes-convertr-kartra-convert/tree/main/packages/convertr#convertr-lead-result-trigger',
		icon: { light: 'file:convertr.svg', dark: 'file:convertr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Lead valid or invalid, by polling',
		description:
			'Starts the workflow when a lead your workflows delivered to Convertr turns valid or invalid, with no postback to set up in Convertr',
		defaults: { name: 'Convertr Lead Result Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: CREDENTIAL_NAME, required: true },
			{ name: EXECUTIONS_CREDENTIAL, required: true },
		],
		properties: [
			{
				displayName:
					"Watches the leads created by Convertr Lead → Create nodes (with the same Convertr credential) in the workflows below, read from n8n's execution history through n8n's public API: give the Execution History API credential an API key of this n8n (Settings → n8n API). The watched workflows must save their executions.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Workflow IDs',
				name: 'workflowIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. pRk0qHz9ZxBDyL0s, 8fGm2Lqu1cTjW0aX',
				description:
					"The workflows whose deliveries are watched, by ID (the last part of a workflow's address in the editor), separated by commas. Empty: this workflow.",
			},
			{
				displayName: 'Stop Watching After (Days)',
				name: 'stopAfterDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 90 },
				default: 7,
				description: 'A lead still pending this long after its delivery is no longer checked',
			},
			{
				displayName: 'Emit Leads That Never Resolve',
				name: 'emitUnresolved',
				type: 'boolean',
				default: true,
				description:
					'Whether a lead still pending when it stops being watched starts the workflow with status "unresolved"',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Also Watch Deliveries From the Last (Hours)',
						name: 'includeRecentHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'On the first poll, also watch the leads of executions that started this many hours before it. 0: only executions that start after the first poll.',
					},
					{
						displayName: 'Lead Results per 5 Minutes',
						name: 'leadResultsPer5Minutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1400 },
						default: 1000,
						description:
							"The most lead-result calls this trigger makes in any five minutes, counting the other lead-result calls made with the credential in this n8n process. Convertr allows 1,400; the rest is left to the workflows' Get Result calls.",
					},
					{
						displayName: 'Max Checks per Poll',
						name: 'maxChecksPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						description:
							'The most leads checked in one poll; the most overdue go first, the rest at the next poll',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollLeadResults.call(this);
	}
}
