import { leadActionOperation } from '../leadAction';

/** List → Unsubscribe: Kartra's `unsubscribe_lead_from_list` on an existing lead, one call per item. */
export const unsubscribeFromList = leadActionOperation('list', 'unsubscribe', 'unsubscribe_lead_from_list');
