import { KARTRA_ERRORS } from '../../credentials/common/kartraErrors';
import { kartraNode, kartraSetup, seedLead } from '../harness/kartra.cjs';

type Setup = Awaited<ReturnType<typeof kartraSetup>>;
let setup: Setup | undefined;
afterEach(async () => {
	await setup?.fake.stop();
	setup = undefined;
});

describe('every error type the node maps is explained', () => {
	const run = async (
		parameters: Record<string, unknown>,
		items: Array<Record<string, unknown>> = [{}],
	) => {
		const { harness, credentials } = setup!;
		return await harness.run({
			nodeType: kartraNode,
			parameters,
			items,
			credentials,
			continueOnFail: true,
		});
	};
	const onLead = (resource: string, operation: string, extra: Record<string, unknown>) => ({
		resource,
		operation,
		email: 'e@example.com',
		...extra,
	});

	test.each([
		['212', onLead('tag', 'assign', { tagName: 'Nope' }), 'Tag does not exist'],
		['214', onLead('tag', 'remove', { tagName: 'Nope' }), 'Tag does not exist'],
		['231', onLead('list', 'subscribe', { listName: 'Nope' }), 'List does not exist'],
		['209', onLead('list', 'unsubscribe', { listName: 'Nope' }), 'List does not exist'],
		[
			'219',
			onLead('sequence', 'subscribe', { sequenceName: 'Nope', step: '1' }),
			'Sequence does not exist',
		],
		[
			'230',
			onLead('sequence', 'subscribe', { sequenceName: 'Onboarding', step: '9' }),
			'Step does not exist',
		],
		['220', onLead('sequence', 'unsubscribe', { sequenceName: 'Nope' }), 'Sequence does not exist'],
		[
			'257',
			onLead('calendar', 'subscribe', { calendarName: 'Nope', className: 'x' }),
			'Calendar does not exist',
		],
		[
			'258',
			onLead('calendar', 'subscribe', { calendarName: 'First calendar', className: 'Nope' }),
			'Class does not exist',
		],
		[
			'261',
			onLead('calendar', 'subscribe', {
				calendarName: 'First calendar',
				className: 'First class',
				startingDate: '01 Jan 2001',
				startingHour: '10:00',
			}),
			'Date is in the past',
		],
		[
			'243',
			{ resource: 'tag', operation: 'assign', email: 'missing@example.com', tagName: 'VIP' },
			'No lead found',
		],
		[
			'245',
			onLead('tag', 'assign', { email: 'deleted@example.com', tagName: 'VIP' }),
			'Lead is deleted',
		],
	])('type %s, produced by the fake', async (type, parameters, message) => {
		setup = await kartraSetup();
		seedLead(setup.fake, 'e@example.com');
		seedLead(setup.fake, 'deleted@example.com', { deleted: true });
		const result = await run(parameters);
		// beside the error, the item keeps what it was about (see the skipped and failed items' tests)
		const { error, description, httpCode } = result.items[0].json;
		expect({ error, description, httpCode }).toEqual({
			error: `Kartra: ${message} (type ${type})`,
			description: KARTRA_ERRORS[type].hint,
			httpCode: '200',
		});
	});

	test.each([
		'201',
		'202',
		'203',
		'204',
		'206',
		'207',
		'208',
		'211',
		'213',
		'215',
		'217',
		'223',
		'224',
		'225',
		'226',
		'227',
		'228',
		'229',
		'233',
		'236',
		'238',
		'239',
		'240',
		'242',
		'244',
		'254',
		'255',
		'256',
		'260',
		'262',
		'271',
	])('type %s, answered by Kartra: its message, the hint, the type kept', async (type) => {
		setup = await kartraSetup();
		setup.fake.faults.push({
			match: () => true,
			times: 1,
			answer: { status: 200, body: { status: 'Error', message: `Message for ${type}`, type } },
		});
		const result = await run(onLead('tag', 'assign', { tagName: 'VIP' }));
		const json = result.items[0].json;
		expect(json.error).toBe(`Kartra: Message for ${type} (type ${type})`);
		expect(String(json.description)).toContain(KARTRA_ERRORS[type].hint);
		expect(json.httpCode).toBe('200');
	});

	test('a wrong API password or app ID, from the fake: the credential is named', async () => {
		setup = await kartraSetup();
		const { harness, fake } = setup;
		const stored = harness.credentials.store.get('kartraApi')!.data;
		const wrongPassword = harness.addCredential(
			'kartraApi',
			{ ...stored, apiPassword: 'wrong-password-1' },
			'wrongPassword',
		);
		const wrongApp = harness.addCredential(
			'kartraApi',
			{ ...stored, appId: 'NoSuchApp' },
			'wrongApp',
		);
		for (const [credentials, message] of [
			[
				wrongPassword,
				'Kartra: API password not valid. Please get an API password first (type 233)',
			],
			[wrongApp, 'Kartra: App Id is not valid. The app does not exists or is inactive (type 239)'],
		] as const) {
			const result = await harness.run({
				nodeType: kartraNode,
				parameters: onLead('tag', 'assign', { tagName: 'VIP' }),
				credentials,
			});
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(/Check the Kartra credential/);
			expect(JSON.stringify(result.error)).not.toContain('wrong-password-1');
		}
		expect(fake.leads).toHaveLength(0);
	});

	test('a command the app may not run: 262', async () => {
		setup = await kartraSetup({ deniedCommands: ['give_points_to_lead'] });
		seedLead(setup.fake, 'e@example.com');
		const result = await run(onLead('points', 'give', { points: 3 }));
		expect(result.items[0].json.error).toBe(
			'Kartra: App does not have permission for this command (type 262)',
		);
	});

	test('malformed custom field values are refused by Kartra with 271', async () => {
		setup = await kartraSetup();
		setup.fake.account.customFields[1].options.push({ option_id: '13', option_value: 'other' });
		const { harness, credentials, fake } = setup;
		// the node read the definitions before Kartra's changed: Kartra refuses the option it no longer has
		fake.faults.push({
			match: (_r, body) =>
				(body.actions as Record<string, { cmd?: string }>)?.['0']?.cmd === 'create_lead',
			times: 1,
			answer: {
				status: 200,
				body: { status: 'Error', message: 'Wrong custom field format', type: '271' },
			},
		});
		const result = await harness.run({
			nodeType: kartraNode,
			parameters: {
				resource: 'lead',
				operation: 'create',
				email: 'f@example.com',
				customFields: { field: [{ identifier: 'gender', value: 'other' }] },
			},
			credentials,
		});
		expect(result.error?.message).toBe('Kartra: Wrong custom field format (type 271)');
	});
});
