import type { IDataObject } from 'n8n-workflow';

import type { ExecutionRecord, ExecutionSummary } from '../shared/executionHistory';

/**
 * What the Convertr Lead Result Trigger remembers between polls (in its node's static data, which n8n saves with
 * the poll's outcome): which executions of the watched workflows it has read, and the leads it still watches.
 * Pure: no n8n calls, no clock of its own.
 */

export interface WatchedLead {
	leadId: string;
	workflowId: string;
	executionId: string;
	/** When the delivering execution started (epoch ms) */
	deliveredAt: number;
	formId: number | null;
	linkId: number | null;
	/** Lead-result calls made for it so far */
	checks: number;
	nextCheckAt: number;
}

export interface WorkflowCursor {
	/** Executions read, by ID, with their start (epoch ms), kept while they can still be listed */
	read: Record<string, number>;
	/** Executions seen but not read yet (still running, or left for the next poll), with their start */
	toRead: Record<string, number>;
	/** When the previous poll asked n8n which executions were running (epoch ms) */
	listedAt?: number;
}

export interface LeadWatchState {
	/** Executions that started before this (epoch ms) are not watched */
	since: number;
	workflows: Record<string, WorkflowCursor>;
	leads: Record<string, WatchedLead>;
	/** Start times of the lead-result calls of the last five minutes */
	recentChecks: number[];
	/** No lead-result call before this (epoch ms): Convertr answered 429 */
	pausedUntil: number;
}

export const RATE_WINDOW_MS = 5 * 60 * 1000;

/** Slack for clocks (n8n's workers stamp an execution's start, the poller compares) */
export const CLOCK_MARGIN_MS = 5 * 60 * 1000;

/** Minutes between a lead's checks: soon after delivery, then less and less often */
const CHECK_DELAYS_MINUTES = [1, 2, 5, 10, 30, 60, 120, 240];

export function nextCheckAt(checks: number, from: number): number {
	const minutes = CHECK_DELAYS_MINUTES[Math.min(checks, CHECK_DELAYS_MINUTES.length - 1)];
	return from + minutes * 60_000;
}

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The state kept in the node's static data, or a new one watching from `since`. */
export function readWatchState(staticData: IDataObject, since: number): LeadWatchState {
	const kept = staticData.leadWatch;
	if (isRecord(kept) && typeof kept.since === 'number' && isRecord(kept.leads)) {
		return JSON.parse(JSON.stringify(kept)) as LeadWatchState;
	}
	return { since, workflows: {}, leads: {}, recentChecks: [], pausedUntil: 0 };
}

export function writeWatchState(staticData: IDataObject, state: LeadWatchState): void {
	staticData.leadWatch = state as unknown as IDataObject;
}

export function cursorOf(state: LeadWatchState, workflowId: string): WorkflowCursor {
	state.workflows[workflowId] ??= { read: {}, toRead: {} };
	return state.workflows[workflowId];
}

/**
 * The earliest start an execution not read yet can have: the previous poll asked for running executions at
 * `listedAt`, so anything that started before then was either listed as running (and is in `toRead`) or had
 * finished and was listed, unless it started in the margin.
 */
export function listingStart(state: LeadWatchState, cursor: WorkflowCursor): number {
	const starts = Object.values(cursor.toRead);
	if (cursor.listedAt !== undefined) starts.push(cursor.listedAt - CLOCK_MARGIN_MS);
	return Math.max(state.since, starts.length ? Math.min(...starts) : state.since);
}

/** Forgets reads that can no longer be listed, and executions awaited for longer than leads are watched. */
export function pruneCursor(
	cursor: WorkflowCursor,
	listedFrom: number,
	forgetBefore: number,
): void {
	for (const [id, startedAt] of Object.entries(cursor.read)) {
		if (startedAt < listedFrom - CLOCK_MARGIN_MS) delete cursor.read[id];
	}
	for (const [id, startedAt] of Object.entries(cursor.toRead)) {
		if (startedAt < forgetBefore) delete cursor.toRead[id];
	}
}

/** Executions of a listing that are new to the cursor, oldest first. */
export function unseenExecutions(
	cursor: WorkflowCursor,
	listed: ExecutionSummary[],
	since: number,
): ExecutionSummary[] {
	const unique = new Map(listed.map((execution) => [execution.id, execution]));
	return [...unique.values()]
		.filter((execution) => cursor.read[execution.id] === undefined)
		.filter((execution) => execution.startedAt >= since)
		.sort((a, b) => a.startedAt - b.startedAt || Number(a.id) - Number(b.id));
}

const PACKAGE_NODE = /(^|\.)convertrPublisher$/;

/**
 * The leads an execution created with Convertr Lead → Create nodes that use the given credential: items of the
 * node's success output with a lead ID (a Check Only, skipped or failed item has none of its own).
 */
export function leadsOfExecution(
	execution: ExecutionRecord,
	credentialId: string,
): Array<Omit<WatchedLead, 'checks' | 'nextCheckAt'>> {
	const leads: Array<Omit<WatchedLead, 'checks' | 'nextCheckAt'>> = [];
	for (const { node, items } of execution.outputs) {
		if (!PACKAGE_NODE.test(node.type)) continue;
		if (String(node.credentials.convertrPublisherApi?.id ?? '') !== credentialId) continue;
		for (const item of items) {
			const leadId = item.leadId;
			// a lead ID in a skipped or failed item is the input's, not one this execution created
			if (item.checkOnly === true || item.skipped !== undefined || item.error !== undefined)
				continue;
			if (
				!(typeof leadId === 'number' || typeof leadId === 'string') ||
				!/^\d{1,18}$/.test(String(leadId))
			)
				continue;
			leads.push({
				leadId: String(leadId),
				workflowId: execution.workflowId,
				executionId: execution.id,
				deliveredAt: execution.startedAt,
				formId: typeof item.formId === 'number' ? item.formId : null,
				linkId: typeof item.linkId === 'number' ? item.linkId : null,
			});
		}
	}
	return leads;
}

/** Starts watching leads (a lead already watched keeps its schedule). */
export function watchLeads(
	state: LeadWatchState,
	leads: Array<Omit<WatchedLead, 'checks' | 'nextCheckAt'>>,
	now: number,
): number {
	let added = 0;
	for (const lead of leads) {
		if (state.leads[lead.leadId]) continue;
		state.leads[lead.leadId] = {
			...lead,
			checks: 0,
			nextCheckAt: Math.max(now, nextCheckAt(0, lead.deliveredAt)),
		};
		added++;
	}
	return added;
}

/** How many lead-result calls may start now under `limit` per five minutes, counting `otherCalls` of the window. */
export function checkAllowance(
	state: LeadWatchState,
	now: number,
	limit: number,
	otherCalls: number,
): number {
	state.recentChecks = state.recentChecks.filter((at) => at > now - RATE_WINDOW_MS);
	if (now < state.pausedUntil) return 0;
	return Math.max(0, limit - Math.max(state.recentChecks.length, otherCalls));
}

/** The leads to check now, most overdue first, at most `count`. */
export function dueLeads(state: LeadWatchState, now: number, count: number): WatchedLead[] {
	return Object.values(state.leads)
		.filter((lead) => lead.nextCheckAt <= now)
		.sort((a, b) => a.nextCheckAt - b.nextCheckAt || a.deliveredAt - b.deliveredAt)
		.slice(0, Math.max(0, count));
}
