// Version 1.1 of Convertr Publisher: Lead → Create's form and link are resource locators (From List following the
// campaign, By ID); version 1 keeps its dropdowns; the field mapper follows a form chosen either way.
import type { INodeProperties } from 'n8n-workflow';

import { searchForms, searchLinks } from '../../nodes/Convertr/methods/loadOptions';
import { getFormFields } from '../../nodes/Convertr/methods/resourceMapping';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';

type Setup = Awaited<ReturnType<typeof convertrSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

const locator = (mode: string, value: string) => ({ __rl: true, mode, value });

test('form and link are resource locators from version 1.1, dropdowns in version 1', () => {
	const properties = publisherNode.description.properties as INodeProperties[];
	for (const name of ['formId', 'linkId']) {
		const kinds = properties
			.filter((p) => p.name === name)
			.map((p) => [p.type, JSON.stringify(p.displayOptions?.show?.['@version'])]);
		expect(kinds).toEqual([
			['options', JSON.stringify([1])],
			['resourceLocator', JSON.stringify([{ _cnd: { gte: 1.1 } }])],
		]);
	}
	expect(publisherNode.description.defaultVersion).toBe(1.2);
});

test("From List gives the campaign's forms and links, filtered by what is typed; nothing before a campaign", async () => {
	setup = await convertrSetup();
	const { harness, credentials } = setup;
	const params = { resource: 'lead', operation: 'create', campaignId: '100' };
	const forms = await harness.loadOptions(publisherNode, params, credentials, async function () {
		return await searchForms.call(this, 'advanced');
	});
	expect(forms.results).toEqual([{ name: 'Acme Campaign - Advanced Form (23)', value: '23' }]);
	const links = await harness.loadOptions(publisherNode, params, credentials, async function () {
		return await searchLinks.call(this);
	});
	expect(links.results.map((r) => r.value)).toEqual(['25', '26', '30']);
	const none = await harness.loadOptions(
		publisherNode,
		{ ...params, campaignId: '' },
		credentials,
		async function () {
			return await searchForms.call(this);
		},
	);
	expect(none.results).toEqual([]);
	// the mapper reads a form chosen with the locator
	const { fields } = await harness.loadOptions(
		publisherNode,
		{ ...params, formId: locator('list', '23') },
		credentials,
		getFormFields,
	);
	expect(fields.map((f) => f.id)).toContain('telephone/countryCode');
});

test('a lead sent with the form and link from the list, by ID, or with version 1 goes to the same place', async () => {
	setup = await convertrSetup();
	const { fake, harness, credentials } = setup;
	const send = async (formId: unknown, linkId: unknown, typeVersion?: number) =>
		await harness.run({
			nodeType: publisherNode,
			typeVersion,
			parameters: leadParameters({ email: '={{ $json.email }}' }, { formId, linkId }),
			items: [{ email: `rl${fake.leads.length}@example.com` }],
			credentials,
		});
	for (const result of [
		await send(locator('list', '35'), locator('list', '26')),
		await send(locator('id', '35'), locator('id', '26')),
		await send('35', '26', 1),
	])
		expect(result.error).toBeUndefined();
	const paths = fake.leadPosts().map((r) => r.path.replace(/\?.*$/, ''));
	expect(paths).toHaveLength(3);
	expect(new Set(paths).size).toBe(1);
	expect(paths[0]).toMatch(/\/forms\/35\/links\/26\/leads$/);
	expect(fake.leads).toHaveLength(3);
});
