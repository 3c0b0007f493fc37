import { type IExecuteFunctions, type INodeProperties, NodeOperationError } from 'n8n-workflow';

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

/** The Operation selector shown for one resource. */
export function operationParameter(
	resource: string,
	defaultOperation: string,
	options: Array<{ name: string; value: string; action: string; description: string }>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
