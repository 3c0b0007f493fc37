// Bad input across the three nodes: missing, empty, huge and wrong-type values, lists where one value goes,
// expressions that resolve to null. Each run has three items, the second one bad: the node stops with a
// NodeOperationError that names the item and the field, and nothing that creates or changes something is sent.
import type { INodeType } from 'n8n-workflow';

import { convertNode, convertSetup } from '../harness/convert.cjs';
import { convertrSetup, leadParameters, publisherNode } from '../harness/convertr.cjs';
import { parsePhpQuery } from '../fakes/phpQuery.cjs';
import type { RecordedRequest } from '../fakes/httpServer.cjs';
import { kartraNode, kartraSetup } from '../harness/kartra.cjs';

/** An expression that gives `bad` for the second item and `good` for the others. */
const second = (bad: string, good: string) => `={{ $json.n === 1 ? ${bad} : ${good} }}`;
const huge = (n: number) => `"${'x'.repeat(n)}"`;

type Service = 'convertr' | 'kartra' | 'convert';

interface BadInput {
	name: string;
	service: Service;
	parameters: Record<string, unknown>;
	/** How the message starts after "Item 1: " (the field) */
	field: string | RegExp;
}

const convertrLead = (
	value: Record<string, unknown>,
	extra: Record<string, unknown> = {},
	required: string[] = [],
) =>
	leadParameters(
		value,
		extra,
		Object.keys(value).map((id) => ({ id, required: required.includes(id) })),
	);
const kartraCreate = (extra: Record<string, unknown>) => ({
	resource: 'lead',
	operation: 'create',
	email: '={{ "lead" + $json.n + "@example.com" }}',
	...extra,
});

const conversion = (extra: Record<string, unknown>) => ({
	resource: 'event',
	operation: 'trackConversion',
	visitorId: '={{ "v" + $json.n }}',
	goalId: '100300',
	...extra,
});

const cases: BadInput[] = [
	// Convertr Publisher
	{
		name: 'a required field resolving to null',
		service: 'convertr',
		parameters: convertrLead({ email: second('null', '"a@b.co"') }, {}, ['email']),
		field: 'field "email" (form[email]) is required',
	},
	{
		name: 'a required field that is empty',
		service: 'convertr',
		parameters: convertrLead({ email: second('""', '"a@b.co"') }, {}, ['email']),
		field: 'field "email" (form[email]) is required',
	},
	{
		name: 'an object where text goes',
		service: 'convertr',
		parameters: convertrLead({ email: second('{ a: 1 }', '"a@b.co"') }),
		field: 'field "email" (form[email]) must be text',
	},
	{
		name: 'a list where text goes',
		service: 'convertr',
		parameters: convertrLead({
			firstName: second('["Ada", "Grace"]', '"Ada"'),
			email: '=a{{ $json.n }}@b.co',
		}),
		field: 'field "firstName" (form[firstName]) must be text',
	},
	{
		name: 'a required field of white space only',
		service: 'convertr',
		parameters: convertrLead({ email: second('" \\t "', '"a@b.co"') }, {}, ['email']),
		field: 'field "email" (form[email]) is required',
	},
	{
		name: 'every field white space only',
		service: 'convertr',
		parameters: convertrLead({
			firstName: second('"   "', '"Ada"'),
			email: second('"   "', '"a@b.co"'),
		}),
		field: 'Fields',
	},
	{
		name: 'every field empty',
		service: 'convertr',
		parameters: convertrLead({
			firstName: second('""', '"Ada"'),
			email: second('""', '"a@b.co"'),
		}),
		field: 'Fields',
	},
	{
		name: 'a campaign ID that is not a number',
		service: 'convertr',
		parameters: convertrLead(
			{ email: '=a{{ $json.n }}@b.co' },
			{ campaignId: second('"ACME-100"', '"100"') },
		),
		field: 'Campaign ID',
	},
	{
		name: 'a form ID that is a list',
		service: 'convertr',
		parameters: convertrLead({ email: '=a{{ $json.n }}@b.co' }, { formId: second('[35]', '"35"') }),
		field: 'Form',
	},
	{
		name: 'a negative link ID',
		service: 'convertr',
		parameters: convertrLead(
			{ email: '=a{{ $json.n }}@b.co' },
			{ linkId: second('"-25"', '"25"') },
		),
		field: 'Link',
	},
	{
		name: 'a lead ID resolving to null (Get Result)',
		service: 'convertr',
		parameters: { resource: 'lead', operation: 'getResult', leadId: second('null', '"1001"') },
		field: 'Lead ID',
	},
	// Kartra Lead
	{
		name: 'an email resolving to null',
		service: 'kartra',
		parameters: kartraCreate({ email: second('null', '"a@b.co"') }),
		field: /Lead Email|Email/,
	},
	{
		name: 'an email of white space only',
		service: 'kartra',
		parameters: kartraCreate({ email: second('"   "', '"a@b.co"') }),
		field: 'Lead Email is required',
	},
	{
		name: 'a tag name of white space only',
		service: 'kartra',
		parameters: {
			resource: 'tag',
			operation: 'assign',
			email: 'a@b.co',
			tagName: second('"  "', '"VIP"'),
		},
		field: '"Tag" is required',
	},
	{
		name: 'a malformed email',
		service: 'kartra',
		parameters: kartraCreate({ email: second('"not-an-email"', '"a@b.co"') }),
		field: /Lead Email|Email/,
	},
	{
		name: 'a list of emails',
		service: 'kartra',
		parameters: kartraCreate({ email: second('["a@b.co", "c@d.co"]', '"a@b.co"') }),
		field: /Lead Email|Email/,
	},
	{
		name: 'an unknown time zone',
		service: 'kartra',
		parameters: kartraCreate({
			leadFields: { lead_preferred_time_zone: second('"Mars/Olympus"', '"Europe/London"') },
		}),
		field: 'lead field "lead_preferred_time_zone"',
	},
	{
		name: 'a business type that is not a whole number',
		service: 'kartra',
		parameters: kartraCreate({ leadFields: { business_type: second('-1', '2') } }),
		field: 'lead field "business_type"',
	},
	{
		name: 'an object as a lead field',
		service: 'kartra',
		parameters: kartraCreate({ leadFields: { first_name: second('{ first: "Ada" }', '"Ada"') } }),
		field: 'lead field "first_name"',
	},
	{
		name: 'a custom field the account does not have',
		service: 'kartra',
		parameters: kartraCreate({
			customFields: {
				field: [{ identifier: second('"shoe_size"', '"favorite_dish"'), value: '42' }],
			},
		}),
		field: /custom field/,
	},
	{
		name: 'a drop-down value that is not an option',
		service: 'kartra',
		parameters: kartraCreate({
			customFields: { field: [{ identifier: 'gender', value: second('"other"', '"female"') }] },
		}),
		field: /custom field "gender"/,
	},
	{
		name: 'two options for a radio field',
		service: 'kartra',
		parameters: kartraCreate({
			customFields: { field: [{ identifier: 'plan', value: second('"basic, pro"', '"pro"') }] },
		}),
		field: /custom field "plan"/,
	},
	{
		name: 'no email and no ID (Update)',
		service: 'kartra',
		parameters: {
			resource: 'lead',
			operation: 'update',
			email: second('null', '"a@b.co"'),
			leadId: '',
		},
		field: 'Lead Email or Lead ID',
	},
	{
		name: 'points that are text',
		service: 'kartra',
		parameters: {
			resource: 'points',
			operation: 'give',
			email: 'a@b.co',
			points: second('"lots"', '5'),
		},
		field: /"Points"/,
	},
	{
		name: 'zero points',
		service: 'kartra',
		parameters: {
			resource: 'points',
			operation: 'give',
			email: 'a@b.co',
			points: second('0', '5'),
		},
		field: /"Points"/,
	},
	{
		name: 'a sequence step with symbols',
		service: 'kartra',
		parameters: {
			resource: 'sequence',
			operation: 'subscribe',
			email: 'a@b.co',
			sequenceName: 'Onboarding',
			step: second('"!!"', '"2"'),
		},
		field: /"Step"/,
	},
	{
		name: 'a calendar date in words',
		service: 'kartra',
		parameters: {
			resource: 'calendar',
			operation: 'subscribe',
			email: 'a@b.co',
			calendarName: 'First calendar',
			className: 'First class',
			startingDate: second('"tomorrow"', '"16 Jan 2026"'),
			startingHour: '15:00',
		},
		field: /"Starting Date"/,
	},
	{
		name: 'a calendar hour with am/pm',
		service: 'kartra',
		parameters: {
			resource: 'calendar',
			operation: 'subscribe',
			email: 'a@b.co',
			calendarName: 'First calendar',
			className: 'First class',
			startingDate: '16 Jan 2026',
			startingHour: second('"3pm"', '"15:00"'),
		},
		field: /"Starting Hour"/,
	},
	{
		name: 'a tag name that is an object',
		service: 'kartra',
		parameters: {
			resource: 'tag',
			operation: 'assign',
			email: 'a@b.co',
			tagName: second('{ tag: "VIP" }', '"VIP"'),
		},
		field: '"Tag" must be text',
	},
	{
		name: 'an "Also Do" tag left empty',
		service: 'kartra',
		parameters: kartraCreate({
			alsoDo: { action: [{ cmd: 'assign_tag', tagName: second('""', '"VIP"') }] },
		}),
		field: '"Also Do" action 1 (Assign Tag) field "Tag" is required',
	},
	// Convert Track
	{
		name: 'a visitor ID resolving to null',
		service: 'convert',
		parameters: conversion({ visitorId: second('null', '"v"') }),
		field: 'Visitor ID',
	},
	{
		name: 'a visitor ID of white space only',
		service: 'convert',
		parameters: conversion({ visitorId: second('" \\u00a0 "', '"v"') }),
		field: 'Visitor ID is required',
	},
	{
		name: 'a huge visitor ID',
		service: 'convert',
		parameters: conversion({ visitorId: second(huge(5000), '"v"') }),
		field: 'Visitor ID',
	},
	{
		name: 'a huge custom dimension',
		service: 'convert',
		parameters: conversion({ goalData: { customDimension1: second(huge(300), '"ok"') } }),
		field: 'Goal Data › Custom Dimension 1 is longer than 200 characters',
	},
	{
		name: 'a transaction ID that is a list',
		service: 'convert',
		parameters: conversion({ goalData: { transactionId: second('["T1", "T2"]', '"T1"') } }),
		field: 'Goal Data › Transaction ID must be text, not a list',
	},
	{
		name: 'an amount that is text',
		service: 'convert',
		parameters: conversion({ goalData: { amount: second('"twelve"', '12') } }),
		field: 'Goal Data › Revenue Amount',
	},
	{
		name: 'a products count with decimals',
		service: 'convert',
		parameters: conversion({ goalData: { productsCount: second('1.5', '1') } }),
		field: 'Goal Data › Products Count',
	},
	{
		name: 'a goal resolving to null',
		service: 'convert',
		parameters: conversion({ goalId: second('null', '"100300"') }),
		field: 'Goal',
	},
	{
		name: 'a custom segment that is an object',
		service: 'convert',
		parameters: conversion({ segments: { customSegments: second('[{ id: 500 }]', '["500"]') } }),
		field: 'Visitor Segments › Custom Segments',
	},
	{
		name: 'a devices list with an unknown device',
		service: 'convert',
		parameters: conversion({ segments: { devices: second('["DESK", "TOASTER"]', '["DESK"]') } }),
		field: 'Visitor Segments › Devices',
	},
	{
		name: 'a variation resolving to null (Track Bucketing)',
		service: 'convert',
		parameters: {
			resource: 'event',
			operation: 'trackBucketing',
			visitorId: 'v',
			experienceId: '2001',
			variationId: second('null', '"3001"'),
		},
		field: 'Variation',
	},
	{
		name: 'a legacy event type that does not exist',
		service: 'convert',
		parameters: {
			resource: 'event',
			operation: 'trackLegacy',
			visitorId: 'v',
			events: { event: [{ evt: second('"buy"', '"hitGoal"'), goals: '100300' }] },
		},
		field: 'Events 1 › Type',
	},
	{
		name: 'experiences to bucket that are names',
		service: 'convert',
		parameters: {
			resource: 'visitor',
			operation: 'bucket',
			visitorId: 'v',
			experiences: 'selected',
			experienceIds: second('["checkout-button"]', '["2001"]'),
		},
		field: 'Experiences',
	},
];

const nodes: Record<Service, INodeType> = {
	convertr: publisherNode,
	kartra: kartraNode,
	convert: convertNode,
};

/** The requests that would create or change something at the API (reads such as a custom-field list may go out). */
const writes: Record<Service, (r: RecordedRequest) => boolean> = {
	convertr: (r) => r.method === 'POST' && /\/leads$/.test(r.path),
	kartra: (r) => !/retrieve_/.test(JSON.stringify(parsePhpQuery(r.rawBody).actions ?? {})),
	convert: (r) => /\/track/.test(r.path),
};

test('the table holds at least 30 bad inputs, across the three nodes', () => {
	expect(cases.length).toBeGreaterThanOrEqual(30);
	expect(new Set(cases.map((c) => c.service))).toEqual(new Set(['convertr', 'kartra', 'convert']));
});

test.each(cases.map((c) => [c.service, c.name, c] as const))(
	'%s: %s → the item and field named, nothing sent',
	async (service, _name, badInput) => {
		const setup =
			service === 'convertr'
				? await convertrSetup()
				: service === 'kartra'
					? await kartraSetup()
					: await convertSetup();
		try {
			const result = await setup.harness.run({
				nodeType: nodes[service],
				parameters: badInput.parameters,
				items: [{ n: 0 }, { n: 1 }, { n: 2 }],
				credentials: setup.credentials,
			});
			expect(result.error?.name).toBe('NodeOperationError');
			const message = String(result.error?.message);
			expect(message).toMatch(/^Item 1: /);
			const rest = message.slice('Item 1: '.length);
			if (typeof badInput.field === 'string')
				expect(rest.slice(0, badInput.field.length)).toBe(badInput.field);
			else expect(rest).toMatch(new RegExp(`^(${badInput.field.source})`, badInput.field.flags));
			const requests =
				'metrics' in setup.fake
					? [...setup.fake.metrics.requests, ...setup.fake.config.requests]
					: setup.fake.requests;
			expect(requests.filter(writes[service])).toEqual([]);
		} finally {
			await setup.fake.stop();
		}
	},
);
