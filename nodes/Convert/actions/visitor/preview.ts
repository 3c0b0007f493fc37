import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeOf } from '../../../shared/context';
import { invalidInput, isBlank, requireScalar } from '../../../shared/input';
import type { ConfigExperience, ConfigVariation } from '../../bucketing';
import { listOf } from '../../rules';
import type { Decision } from '../../targeting';
import { type ConvertSession, loadProjectConfig } from '../../transport';

/**
 * Convert's preview (its SDK from 5.0, `context.setPreview`): QA a variation before launch. One experience's
 * variation is forced for the visitor, whatever its targeting, status and traffic; the other experiences decide as
 * usual but store nothing; nothing is reported to Convert ("zero-trace").
 */
export interface Preview {
	experienceId: string;
	variationId: string;
}

const FIELD = 'Preview Variation';

/**
 * The item's Preview Variation, `<experienceId>.<variationId>` (Convert's force parameter `_conv_eforce`), read as the
 * SDK's parsePreviewParam reads it: one dot, two numbers. Empty: no preview.
 */
export function readPreview(this: IExecuteFunctions, itemIndex: number): Preview | undefined {
	const node = nodeOf(this);
	const raw = this.getNodeParameter('previewVariation', itemIndex, '');
	if (isBlank(raw)) return undefined;
	const text = requireScalar(node, itemIndex, FIELD, raw).trim().slice(0, 60);
	const match = /^(\d{1,18})\.(\d{1,18})$/.exec(text);
	if (!match)
		throw invalidInput(
			node,
			itemIndex,
			FIELD,
			`must be an experience ID and a variation ID joined by a dot, e.g. 100111.100901; got "${text}"`,
		);
	return { experienceId: match[1], variationId: match[2] };
}

/**
 * The forced decision of a preview: its experience from the config the node read, or else from the config scoped to
 * that experience (as the SDK fetches a draft's), and its variation there.
 */
export async function previewDecision(
	this: IExecuteFunctions,
	session: ConvertSession,
	itemIndex: number,
	config: IDataObject,
	preview: Preview,
): Promise<{ experience: ConfigExperience & IDataObject; decision: Decision }> {
	const node = nodeOf(this);
	const byId = (source: IDataObject) =>
		listOf(source.experiences).find((e) => String(e.id) === preview.experienceId);
	const experience =
		byId(config) ??
		byId(await loadProjectConfig.call(this, session, session.options.config, preview.experienceId));
	if (!experience)
		throw invalidInput(
			node,
			itemIndex,
			FIELD,
			`names experience ${preview.experienceId}, which Convert does not serve for this project`,
			'A draft or paused experience is served with a debug token in the credential.',
		);
	const variation = listOf(experience.variations).find(
		(v) => String(v.id) === preview.variationId,
	) as ConfigVariation | undefined;
	if (!variation)
		throw invalidInput(
			node,
			itemIndex,
			FIELD,
			`names variation ${preview.variationId}, which experience ${preview.experienceId} does not have`,
		);
	const forced = experience as ConfigExperience & IDataObject;
	return {
		experience: forced,
		decision: {
			bucketed: true,
			preview: true,
			variation,
			variationId: preview.variationId,
			experience: forced,
		},
	};
}
