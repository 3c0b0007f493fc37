import { leadActionOperation } from '../leadAction';

/** Sequence → Unsubscribe: Kartra's `unsubscribe_lead_from_sequence` on an existing lead, one call per item. */
export const unsubscribeFromSequence = leadActionOperation('sequence', 'unsubscribe', 'unsubscribe_lead_from_sequence');
