import {
	getEnvironments,
	getExperiences,
	getGoals,
	getSegments,
	getVariations,
} from '../../nodes/Convert/methods/loadOptions';
import { convertNode, convertSetup } from '../harness/convert.cjs';

type Setup = Awaited<ReturnType<typeof convertSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('dropdowns load live from the project config', () => {
	test('experiences, variations of the chosen experience, goals, segments, environments', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const params = {
			resource: 'event',
			operation: 'trackBucketing',
			experienceId: '2001',
			options: {},
		};
		const experiences = await harness.loadOptions(convertNode, params, credentials, getExperiences);
		expect(experiences).toEqual([
			{
				name: 'Checkout button (checkout-button)',
				value: '2001',
				description: 'active · a/b · production',
			},
			{ name: 'Pricing page (pricing-page)', value: '2002', description: 'active · a/b · staging' },
		]);
		const variations = await harness.loadOptions(convertNode, params, credentials, getVariations);
		expect(variations).toEqual([
			{ name: 'Original (original)', value: '3002', description: 'running · 50 % of traffic' },
			{ name: 'Green button (green)', value: '3001', description: 'running · 50 % of traffic' },
		]);
		expect(
			await harness.loadOptions(
				convertNode,
				{ ...params, experienceId: '' },
				credentials,
				getVariations,
			),
		).toEqual([
			{
				name: 'Fill in the Experience first',
				value: '',
				description: 'This list is loaded from the Experience',
			},
		]);
		const goals = await harness.loadOptions(convertNode, params, credentials, getGoals);
		expect(goals.map((g) => g.value)).toEqual(['100301', '100300']);
		const segments = await harness.loadOptions(convertNode, params, credentials, getSegments);
		expect(segments).toEqual([
			{ name: 'Partners (partners)', value: '501' },
			{ name: 'VIP customers (vip)', value: '500' },
		]);
		const environments = await harness.loadOptions(
			convertNode,
			params,
			credentials,
			getEnvironments,
		);
		expect(environments).toEqual([
			{ name: 'All Environments', value: '' },
			{ name: 'Production (default)', value: 'production' },
			{ name: 'Staging', value: 'staging' },
		]);
	});

	test('with Include Drafts on, the experience list holds the draft', async () => {
		setup = await convertSetup();
		const { harness, credentials } = setup;
		const experiences = await harness.loadOptions(
			convertNode,
			{ resource: 'visitor', operation: 'bucket', options: { includeDrafts: true } },
			credentials,
			getExperiences,
		);
		expect(experiences.map((e) => e.value)).toEqual(['2001', '2003', '2002']);
	});
});
