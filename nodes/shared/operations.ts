import { type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

/** The operation file chosen by the node's Resource and Operation parameters. */
export function selectOperation<Operation>(context: IExecuteFunctions, operations: Record<string, Record<string, Operation>>): Operation {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const selected = operations[resource]?.[operation];
	if (!selected) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return selected;
}
