import { KARTRA_SECOND_ACCOUNT, KARTRA_SECRETS } from '../fakes/kartra.cjs';
import { kartraNode, kartraSetup, emails, createWithTagAndList } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe("Kartra's 20 calls per second", () => {
	test('many concurrent items stay under the limit: no 429, one call per lead', async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: { ...createWithTagAndList, options: { concurrency: 10 } },
			items: emails(45),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.requests).toHaveLength(45);
		expect(fake.rateLimited).toBe(0);
		expect(fake.peakPerSecond()).toBeLessThanOrEqual(20);
		expect(fake.leads.map((l) => l.email).sort()).toEqual(
			emails(45)
				.map((e) => e.email)
				.sort(),
		);
		result.items.forEach((item, i) => expect(item.json.email).toBe(`lead${i}@example.com`));
	});

	test("two accounts of one App, in two executions at once, share the App's limit: no 429", async () => {
		setup = await kartraSetup();
		const { fake, harness, credentials } = setup;
		const second = harness.addCredential(
			'kartraApi',
			{ ...KARTRA_SECRETS, ...KARTRA_SECOND_ACCOUNT, baseUrl: fake.url },
			'second-account',
		);
		const [a, b] = await Promise.all([
			harness.run({
				nodeType: kartraNode,
				parameters: { ...createWithTagAndList, options: { concurrency: 10 } },
				items: emails(25, 'first'),
				credentials,
			}),
			harness.run({
				nodeType: kartraNode,
				parameters: { ...createWithTagAndList, options: { concurrency: 10 } },
				items: emails(25, 'second'),
				credentials: second,
			}),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(fake.requests).toHaveLength(50);
		expect(fake.rateLimited).toBe(0);
		expect(fake.peakPerSecond()).toBeLessThanOrEqual(20);
		expect(fake.leads).toHaveLength(50);
	});

	test('a stricter limit (429s): waits, retries, every lead created exactly once', async () => {
		setup = await kartraSetup({ ratePerSecond: 8 });
		const { fake, harness, credentials } = setup;
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: createWithTagAndList,
			items: emails(20),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(fake.rateLimited).toBeGreaterThan(0);
		expect(fake.leads).toHaveLength(20);
		expect(new Set(fake.leads.map((l) => l.email)).size).toBe(20);
		expect(fake.leads.every((l) => l.tags.join() === 'VIP' && l.lists.join() === 'Main List')).toBe(
			true,
		);
	});
});
