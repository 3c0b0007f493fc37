/**
 * Kartra's lead actions, one entry each: the command, where it sits in the node (resource, operation, its words
 * in the Operation list and in "Also Do"), its parameters, and the answer types Kartra documents for it. The
 * Operation options, the router's entries and "Also Do" all come from this table: adding an action is one entry.
 */

/** One parameter of a Kartra lead action (a tag name, a number of points…). */
export interface ActionField {
	/** Kartra's key in `actions[n]` */
	key: string;
	displayName: string;
	kind: 'tag' | 'list' | 'sequence' | 'text' | 'points' | 'days' | 'step' | 'date' | 'hour';
	required: boolean;
	description?: string;
	placeholder?: string;
}

/** A Kartra command that acts on an existing lead, usable alone (its own operation) or chained after create/edit. */
export interface LeadActionSpec {
	cmd: string;
	resource: string;
	operation: string;
	/** Its name in the Operation list */
	name: string;
	/** Its sentence in n8n's actions list and on the canvas */
	action: string;
	description: string;
	/** Its label in the "Also Do" list */
	label: string;
	fields: ActionField[];
	/** Kartra's answer type on success, where documented, and the error types it documents for the command */
	success?: string;
	errors: string[];
}

const tag: ActionField = {
	key: 'tag_name',
	displayName: 'Tag Name or ID',
	kind: 'tag',
	required: true,
};
const list: ActionField = {
	key: 'list_name',
	displayName: 'List Name or ID',
	kind: 'list',
	required: true,
};
const sequence: ActionField = {
	key: 'sequence_name',
	displayName: 'Sequence Name or ID',
	kind: 'sequence',
	required: true,
};
const calendar: ActionField = {
	key: 'calendar_name',
	displayName: 'Calendar Name',
	kind: 'text',
	required: true,
};
const calendarClass: ActionField = {
	key: 'class_name',
	displayName: 'Class Name',
	kind: 'text',
	required: true,
};
const points: ActionField = {
	key: 'points',
	displayName: 'Points',
	kind: 'points',
	required: true,
};

export const LEAD_ACTIONS: Record<string, LeadActionSpec> = {
	assign_tag: {
		cmd: 'assign_tag',
		resource: 'tag',
		operation: 'assign',
		name: 'Assign',
		action: 'Assign a tag to a lead',
		description: 'Assign a tag to a lead',
		label: 'Assign Tag',
		fields: [tag],
		success: '103',
		errors: ['211', '212'],
	},
	unassign_tag: {
		cmd: 'unassign_tag',
		resource: 'tag',
		operation: 'remove',
		name: 'Remove',
		action: 'Remove a tag from a lead',
		description: 'Remove a tag from a lead',
		label: 'Remove Tag',
		fields: [tag],
		success: '104',
		errors: ['213', '214'],
	},
	subscribe_lead_to_list: {
		cmd: 'subscribe_lead_to_list',
		resource: 'list',
		operation: 'subscribe',
		name: 'Subscribe',
		action: 'Subscribe a lead to a list',
		description: 'Subscribe a lead to a list',
		label: 'Subscribe to List',
		fields: [list],
		success: '101',
		errors: ['207', '231'],
	},
	unsubscribe_lead_from_list: {
		cmd: 'unsubscribe_lead_from_list',
		resource: 'list',
		operation: 'unsubscribe',
		name: 'Unsubscribe',
		action: 'Unsubscribe a lead from a list',
		description: 'Unsubscribe a lead from a list',
		label: 'Unsubscribe from List',
		fields: [list],
		errors: ['208', '209'],
	},
	give_points_to_lead: {
		cmd: 'give_points_to_lead',
		resource: 'points',
		operation: 'give',
		name: 'Give',
		action: 'Give points to a lead',
		description: 'Give points to a lead',
		label: 'Give Points',
		fields: [
			points,
			{
				key: 'expiration',
				displayName: 'Expires After (Days)',
				kind: 'days',
				required: false,
				description: '0 means the points never expire',
			},
		],
		success: '105',
		errors: ['215', '227'],
	},
	remove_points_from_lead: {
		cmd: 'remove_points_from_lead',
		resource: 'points',
		operation: 'remove',
		name: 'Remove',
		action: 'Remove points from a lead',
		description: 'Remove points from a lead',
		label: 'Remove Points',
		fields: [points],
		success: '106',
		errors: ['217', '228'],
	},
	subscribe_lead_to_sequence_at_step: {
		cmd: 'subscribe_lead_to_sequence_at_step',
		resource: 'sequence',
		operation: 'subscribe',
		name: 'Subscribe',
		action: 'Subscribe a lead to a sequence',
		description: 'Subscribe a lead to a sequence at a step',
		label: 'Subscribe to Sequence',
		fields: [
			sequence,
			{
				key: 'step',
				displayName: 'Step',
				kind: 'step',
				required: true,
				description: "The step's box number in the sequence",
				placeholder: '1',
			},
		],
		success: '107',
		errors: ['219', '225', '226', '229', '230'],
	},
	unsubscribe_lead_from_sequence: {
		cmd: 'unsubscribe_lead_from_sequence',
		resource: 'sequence',
		operation: 'unsubscribe',
		name: 'Unsubscribe',
		action: 'Unsubscribe a lead from a sequence',
		description: 'Unsubscribe a lead from a sequence',
		label: 'Unsubscribe from Sequence',
		fields: [sequence],
		errors: ['220', '226'],
	},
	calendar_subscribe: {
		cmd: 'calendar_subscribe',
		resource: 'calendar',
		operation: 'subscribe',
		name: 'Subscribe',
		action: 'Subscribe a lead to a calendar class',
		description: 'Subscribe a lead to a calendar class',
		label: 'Subscribe to Calendar Class',
		fields: [
			calendar,
			calendarClass,
			{
				key: 'starting_date',
				displayName: 'Starting Date',
				kind: 'date',
				required: false,
				placeholder: '16 Jan 2026',
				description: 'Like 16 Jan 2026, US Eastern time',
			},
			{
				key: 'starting_hour',
				displayName: 'Starting Hour',
				kind: 'hour',
				required: false,
				placeholder: '15:00',
				description: 'Like 15:00, US Eastern time',
			},
		],
		success: '112',
		errors: ['255', '256', '257', '258', '260', '261'],
	},
	calendar_cancel: {
		cmd: 'calendar_cancel',
		resource: 'calendar',
		operation: 'cancel',
		name: 'Cancel',
		action: "Cancel a lead's calendar class",
		description: "Cancel a lead's subscription to a calendar class",
		label: 'Cancel Calendar Class',
		fields: [calendar, calendarClass],
		success: '113',
		errors: ['255', '256', '257', '258', '259'],
	},
};

/** The node parameter's name for an action field: Kartra's key in camelCase (`tag_name` → `tagName`). */
export function paramName(field: ActionField): string {
	return field.key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}
