import { leadActionOperation } from '../leadAction';

/** List → Subscribe: Kartra's `subscribe_lead_to_list` on an existing lead, one call per item. */
export const subscribeToList = leadActionOperation('list', 'subscribe', 'subscribe_lead_to_list');
