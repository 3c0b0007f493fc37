// Every error type Kartra documents for its transaction, subscription and custom-field commands comes out of the
// node as Kartra's message and type with a hint, whichever of those commands met it (the fake answers each in turn).
import { KARTRA_ERRORS } from '../../credentials/common/kartraErrors';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

/** Kartra's documented messages for the commands' error types (its "Action: …" pages). */
const DOCUMENTED: Array<[string, string, Record<string, unknown>]> = [
	[
		'247',
		"Transaction doesn't exist",
		{ resource: 'transaction', operation: 'get', transactionId: '1' },
	],
	[
		'248',
		"Subscription doesn't exist",
		{ resource: 'subscription', operation: 'get', subscriptionId: '1' },
	],
	[
		'249',
		'Transaction not linked to any recurring subscription',
		{ resource: 'transaction', operation: 'refund', transactionId: '1' },
	],
	[
		'250',
		'Transaction outside refund period',
		{ resource: 'transaction', operation: 'refund', transactionId: '1' },
	],
	[
		'251',
		'Transaction already refunded',
		{ resource: 'transaction', operation: 'refund', transactionId: '1' },
	],
	[
		'252',
		'Subscription already cancelled',
		{
			resource: 'subscription',
			operation: 'changeStatus',
			subscriptionId: '1',
			statusChange: 'cancel',
		},
	],
	[
		'253',
		'This type of transaction cannot be refunded or cancelled',
		{ resource: 'transaction', operation: 'refund', transactionId: '1' },
	],
	[
		'263',
		'Custom Field name can only contain letters, numbers, dashes or underscores',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'264',
		'Custom Field already exists or not allowed',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'265',
		'Custom Field cannot be empty',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'266',
		'Refund has failed',
		{ resource: 'transaction', operation: 'refund', transactionId: '1' },
	],
	[
		'267',
		'Cancellation has failed',
		{
			resource: 'subscription',
			operation: 'changeStatus',
			subscriptionId: '1',
			statusChange: 'cancel',
		},
	],
	[
		'268',
		'Invalid amount',
		{ resource: 'transaction', operation: 'refund', transactionId: '1', refundAmount: 1 },
	],
	[
		'269',
		'Custom Field type not valid',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'270',
		'Options not an array',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'272',
		'Option cannot be empty',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'273',
		'Options must have two or more elements',
		{ resource: 'customField', operation: 'create', identifier: 'x' },
	],
	[
		'274',
		'Wrong status',
		{ resource: 'subscription', operation: 'changeStatus', subscriptionId: '1' },
	],
	[
		'275',
		'Subscriptions cancelled or terminated cannot be updated',
		{ resource: 'subscription', operation: 'changeStatus', subscriptionId: '1' },
	],
	[
		'276',
		'Quantity must be between 1 and 9,999',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { quantity: 2 },
		},
	],
	[
		'277',
		'Price must be between 1.00 and 9,999.99',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { amount: 2 },
		},
	],
	[
		'278',
		'Invalid number',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { quantity: 2 },
		},
	],
	[
		'280',
		'Invalid recurring period',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { recurringPeriod1: 'weekly' },
		},
	],
	[
		'281',
		'Recurrence cannot be changed',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { recurringPeriod1: 'weekly' },
		},
	],
	[
		'282',
		'Incorrect number of installments',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { installmentsLeft: '3' },
		},
	],
	[
		'283',
		'Wrong product id or price point',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { productId: '9', pricePoint: 1 },
		},
	],
	[
		'284',
		'Paypal transactions cannot be modified',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { quantity: 2 },
		},
	],
	[
		'285',
		'No editable parameters for subscription',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { quantity: 2 },
		},
	],
	[
		'290',
		'Tax must be between 0 and 100',
		{
			resource: 'subscription',
			operation: 'update',
			subscriptionId: '1',
			updateFields: { taxPercent: 5 },
		},
	],
];

test.each(DOCUMENTED)(
	"type %s: Kartra's words, its type and a hint; the call made once",
	async (type, message, parameters) => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		fake.faults.push({
			match: () => true,
			times: 5,
			answer: { status: 200, body: { status: 'Error', message, type } },
		});
		const result = await harness.run({
			nodeType: kartraNode,
			parameters,
			credentials,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(`Kartra: ${message} (type ${type})`);
		expect(KARTRA_ERRORS[type]?.hint).toBeTruthy();
		expect(String(result.items[0].json.description)).toContain(KARTRA_ERRORS[type].hint);
		// an error Kartra states is not retried, read or write
		expect(fake.requests).toHaveLength(1);
	},
);
