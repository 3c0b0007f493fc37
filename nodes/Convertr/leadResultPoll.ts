import {
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
	NodeOperationError,
} from 'n8n-workflow';

import { nodeOf } from '../shared/context';
import { mapWithConcurrency } from '../shared/concurrency';
import {
	type ExecutionHistory,
	listExecutions,
	openExecutionHistory,
	readExecution,
} from '../shared/executionHistory';
import { checkLead, verdictItem } from './leadResultCheck';
import {
	checkAllowance,
	cursorOf,
	dueLeads,
	type LeadWatchState,
	leadsOfExecution,
	listingStart,
	nextCheckAt,
	pruneCursor,
	readWatchState,
	unseenExecutions,
	type WatchedLead,
	watchLeads,
	writeWatchState,
} from './leadWatch';
import { CREDENTIAL_NAME, countLeadResultCall, openConvertrSession } from './transport';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Share of n8n's poll budget spent reading executions; the ones left wait for the next poll */
const READING_SHARE = 0.4;
/** Lead-result calls in flight at once */
const CHECKS_IN_FLIGHT = 4;

interface TriggerSettings {
	workflowIds: string[];
	stopAfterMs: number;
	emitUnresolved: boolean;
	maxChecksPerPoll: number;
	leadResultsPer5Minutes: number;
	includeRecentMs: number;
}

function readSettings(this: IPollFunctions): TriggerSettings {
	const node = nodeOf(this);
	const ids = String(this.getNodeParameter('workflowIds', '') ?? '')
		.split(/[\s,]+/)
		.map((id) => id.trim())
		.filter((id) => id !== '');
	const bad = ids.find((id) => !/^[A-Za-z0-9_-]{1,36}$/.test(id));
	if (bad !== undefined) {
		throw new NodeOperationError(node, `"${bad}" is not a workflow ID`, {
			description: 'Workflow IDs are the last part of the workflow’s address in the editor.',
		});
	}
	const own = this.getWorkflow().id;
	if (ids.length === 0 && !own) {
		throw new NodeOperationError(node, 'Save the workflow first: its executions are watched by ID');
	}
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const positive = (value: unknown, fallback: number, field: string) => {
		const number = value === undefined ? fallback : Number(value);
		if (!Number.isFinite(number) || number <= 0) {
			throw new NodeOperationError(node, `${field} must be a positive number`);
		}
		return number;
	};
	return {
		workflowIds: ids.length ? [...new Set(ids)] : [String(own)],
		stopAfterMs:
			positive(this.getNodeParameter('stopAfterDays', 7), 7, 'Stop Watching After') * DAY_MS,
		emitUnresolved: this.getNodeParameter('emitUnresolved', true) as boolean,
		maxChecksPerPoll: Math.floor(positive(options.maxChecksPerPoll, 100, 'Max Checks per Poll')),
		leadResultsPer5Minutes: Math.min(
			1400,
			Math.floor(positive(options.leadResultsPer5Minutes, 1000, 'Lead Results per 5 Minutes')),
		),
		includeRecentMs:
			Number(options.includeRecentHours ?? 0) > 0
				? Number(options.includeRecentHours) * 60 * 60 * 1000
				: 0,
	};
}

/** Reads the executions of one watched workflow that are new since the last poll, and watches their leads. */
async function discoverLeads(
	this: IPollFunctions,
	history: ExecutionHistory,
	state: LeadWatchState,
	workflowId: string,
	credentialId: string,
	now: number,
	settings: TriggerSettings,
	readUntil: number,
): Promise<void> {
	const cursor = cursorOf(state, workflowId);
	// Running executions first: one that starts after this call is listed by the next poll
	const runningAt = Date.now();
	const running = await listExecutions.call(this, history, {
		workflowId,
		startedAfter: state.since,
		status: 'running',
	});
	const from = listingStart(state, cursor);
	const listed = await listExecutions.call(this, history, { workflowId, startedAfter: from });
	for (const execution of unseenExecutions(cursor, [...running, ...listed], state.since)) {
		// a workflow that delivers one lead per execution gives many: read as many as the poll has time for
		if (!execution.finished || Date.now() > readUntil) {
			cursor.toRead[execution.id] = execution.startedAt;
			continue;
		}
		const record = await readExecution.call(this, history, execution.id);
		if (!record.readable) {
			this.logger.warn(
				`Convertr Lead Result Trigger: n8n gave execution ${execution.id} of workflow ${workflowId} without its data (too large, redacted or not saved); its leads cannot be watched`,
			);
		}
		watchLeads(state, leadsOfExecution(record, credentialId), now);
		cursor.read[execution.id] = execution.startedAt;
		delete cursor.toRead[execution.id];
	}
	cursor.listedAt = runningAt;
	pruneCursor(cursor, from, now - settings.stopAfterMs);
}

/** The editor's "Fetch Test Event": the latest leads of the watched workflows as they stand, nothing remembered. */
async function sampleLeads(
	this: IPollFunctions,
	history: ExecutionHistory,
	settings: TriggerSettings,
	credentialId: string,
): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const leads: WatchedLead[] = [];
	for (const workflowId of settings.workflowIds) {
		const listed = await listExecutions.call(this, history, {
			workflowId,
			startedAfter: now - settings.stopAfterMs,
			maxPages: 1,
		});
		for (const execution of listed.filter((e) => e.finished).slice(0, 10)) {
			const record = await readExecution.call(this, history, execution.id);
			for (const lead of leadsOfExecution(record, credentialId).reverse()) {
				leads.push({ ...lead, checks: 0, nextCheckAt: now });
			}
			if (leads.length >= 3) break;
		}
	}
	if (leads.length === 0) {
		throw new NodeOperationError(
			nodeOf(this),
			`No lead delivered with this Convertr credential by workflow ${settings.workflowIds.join(', ')} in the watched period`,
			{
				description:
					'Deliver a lead with Convertr Lead → Create (same credential) in a watched workflow, then fetch again. The workflow must save its successful executions.',
			},
		);
	}
	const session = await openConvertrSession.call(this);
	const items = await mapWithConcurrency(leads.slice(0, 3), CHECKS_IN_FLIGHT, async (lead) => {
		const outcome = await checkLead.call(this, session, lead);
		if (outcome.error) throw outcome.error;
		lead.checks = 1;
		return verdictItem(lead, outcome.result ?? { status: 'rateLimited', reasons: [] }, now);
	});
	return [this.helpers.returnJsonArray(items)];
}

/**
 * One poll of the Convertr Lead Result Trigger: the watched workflows' new deliveries, then the due leads' results
 * from Convertr, within n8n's poll budget; a verdict item per lead that turned valid or invalid (or stayed unresolved).
 */
export async function pollLeadResults(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings.call(this);
	const credentialId = String(nodeOf(this).credentials?.[CREDENTIAL_NAME]?.id ?? '');
	const history = await openExecutionHistory.call(this);
	if (this.getMode() === 'manual') {
		return await sampleLeads.call(this, history, settings, credentialId);
	}
	const started = Date.now();
	const budgetMs =
		typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : 5 * 60 * 1000;
	const staticData = this.getWorkflowStaticData('node');
	// Worked on as a copy and written back only when the poll succeeds, so a failed poll leaves nothing half-done
	const state = readWatchState(staticData, started - settings.includeRecentMs);

	const readUntil = started + budgetMs * READING_SHARE;
	for (const workflowId of settings.workflowIds) {
		await discoverLeads.call(
			this,
			history,
			state,
			workflowId,
			credentialId,
			started,
			settings,
			readUntil,
		);
	}
	for (const workflowId of Object.keys(state.workflows)) {
		if (!settings.workflowIds.includes(workflowId)) delete state.workflows[workflowId];
	}

	const now = Date.now();
	const others = countLeadResultCall(credentialId, now, 0);
	const allowance = Math.min(
		settings.maxChecksPerPoll,
		checkAllowance(state, now, settings.leadResultsPer5Minutes, others),
	);
	const due = dueLeads(state, now, allowance);
	const verdicts: IDataObject[] = [];
	if (due.length > 0) {
		const session = await openConvertrSession.call(this);
		let stop = false;
		const outcomes = await mapWithConcurrency(due, CHECKS_IN_FLIGHT, async (lead) => {
			// Stops starting checks after a 429, or before n8n's poll budget runs out
			if (stop || Date.now() - started > budgetMs * 0.8) return { lead };
			state.recentChecks.push(Date.now());
			const outcome = await checkLead.call(this, session, lead);
			if (outcome.rateLimitedFor !== undefined) stop = true;
			return outcome;
		});
		// Every check failed (Convertr down, the credential refused): the poll fails, and n8n shows why
		const failures = outcomes.filter((outcome) => outcome.error !== undefined);
		const answered = outcomes.filter((outcome) => outcome.result !== undefined);
		if (failures.length > 0 && answered.length === 0) throw failures[0].error as Error;
		for (const outcome of outcomes) {
			const { lead } = outcome;
			if (outcome.rateLimitedFor !== undefined) {
				state.pausedUntil = Math.max(state.pausedUntil, Date.now() + outcome.rateLimitedFor);
				continue;
			}
			if (!outcome.result) continue;
			lead.checks++;
			const status = outcome.result.status;
			if (status === 'valid' || status === 'invalid' || status === 'notFound') {
				verdicts.push(verdictItem(lead, outcome.result, now));
				delete state.leads[lead.leadId];
			} else if (now - lead.deliveredAt >= settings.stopAfterMs) {
				if (settings.emitUnresolved) {
					verdicts.push(verdictItem(lead, { status: 'unresolved', reasons: [] }, now));
				}
				delete state.leads[lead.leadId];
			} else {
				lead.nextCheckAt = nextCheckAt(lead.checks, now);
			}
		}
	}
	writeWatchState(staticData, state);
	if (verdicts.length === 0) return null;
	const stillWatching = Object.keys(state.leads).length;
	return [this.helpers.returnJsonArray(verdicts.map((json) => ({ ...json, stillWatching })))];
}
