// What an n8n process keeps between executions is bounded: each process-wide map forgets what no execution uses
// any more (a Kartra App that stopped calling, a Convertr credential that stopped reading lead results, forms not
// taught for long), so a long-running n8n does not grow with every credential and form it ever saw.
import { evictIdlePacers } from '../../nodes/Kartra/transport';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';

const MINUTE = 60_000;

/** A module as a new n8n process has it: its process-wide maps empty, whatever another test left in them */
function fresh<T>(path: string): T {
	let loaded: T | undefined;
	jest.isolateModules(() => {
		loaded = require(path) as T;
	});
	return loaded as T;
}
type Transport = typeof import('../../nodes/Convertr/transport');
type Campaign = typeof import('../../nodes/Convertr/campaign');
const transport = () => fresh<Transport>('../../nodes/Convertr/transport');
const campaign = () => fresh<Campaign>('../../nodes/Convertr/campaign');

test("a Kartra App's pacer is kept while it is used and dropped after ten idle minutes", async () => {
	const { fake, harness, credentials } = await kartraSetup();
	try {
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { resource: 'lead', operation: 'search', email: 'someone@example.com' },
			items: [{}],
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(evictIdlePacers(Date.now())).toBe(1);
		expect(evictIdlePacers(Date.now() + 9 * MINUTE)).toBe(1);
		expect(evictIdlePacers(Date.now() + 11 * MINUTE)).toBe(0);
	} finally {
		await fake.stop();
	}
});

test('lead-result counts of a Convertr credential with no call for five minutes are dropped', () => {
	const { countLeadResultCall, countedLeadResultCredentials } = transport();
	const start = 1_000_000_000;
	countLeadResultCall('credential-a', start);
	countLeadResultCall('credential-b', start + MINUTE);
	expect(countedLeadResultCredentials()).toBe(2);
	// six minutes on, only b calls: a's last call is out of the window
	expect(countLeadResultCall('credential-b', start + 6 * MINUTE)).toBe(1);
	expect(countedLeadResultCredentials()).toBe(1);
});

test("reading a credential's count with no call in the window keeps nothing for it", () => {
	const { countLeadResultCall, countedLeadResultCredentials } = transport();
	expect(countLeadResultCall('credential-c', 1_000_000_000, 0)).toBe(0);
	expect(countedLeadResultCredentials()).toBe(0);
});

test("a Convertr form's learned required fields are forgotten once 500 forms were taught after it", () => {
	const { MAX_FORMS_REMEMBERED, learnRequiredFields, learnedRequiredFields } = campaign();
	learnRequiredFields('cred', '100', 'first', ['form[lastName]']);
	for (let form = 0; form < MAX_FORMS_REMEMBERED - 1; form++)
		learnRequiredFields('cred', '100', form, ['form[email]']);
	expect([...learnedRequiredFields('cred', '100', 'first')]).toEqual(['form[lastName]']);
	learnRequiredFields('cred', '100', 'one-more', ['form[email]']);
	expect([...learnedRequiredFields('cred', '100', 'first')]).toEqual([]);
});

test('a Convertr form taught again is remembered as the newest', () => {
	const { MAX_FORMS_REMEMBERED, learnRequiredFields, learnedRequiredFields } = campaign();
	learnRequiredFields('cred', '200', 'kept', ['form[lastName]']);
	for (let form = 0; form < MAX_FORMS_REMEMBERED - 1; form++) {
		learnRequiredFields('cred', '200', form, ['form[email]']);
		if (form === 100) learnRequiredFields('cred', '200', 'kept', ['form[phone]']);
	}
	learnRequiredFields('cred', '200', 'one-more', ['form[email]']);
	expect([...learnedRequiredFields('cred', '200', 'kept')]).toEqual([
		'form[lastName]',
		'form[phone]',
	]);
});

test('a Convertr form remembers at most 200 required fields', () => {
	const { learnRequiredFields, learnedRequiredFields } = campaign();
	const keys = Array.from({ length: 300 }, (_, i) => `form[field${i}]`);
	learnRequiredFields('cred', '300', 'wide', keys);
	expect(learnedRequiredFields('cred', '300', 'wide').size).toBe(200);
});
