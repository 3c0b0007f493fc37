import { leadActionOperation } from '../leadAction';

/** Sequence → Subscribe: Kartra's `subscribe_lead_to_sequence_at_step` on an existing lead, one call per item. */
export const subscribeToSequence = leadActionOperation('sequence', 'subscribe', 'subscribe_lead_to_sequence_at_step');
