import { leadActionOperation } from '../leadAction';

/** Points → Give: Kartra's `give_points_to_lead` on an existing lead, one call per item. */
export const givePoints = leadActionOperation('points', 'give', 'give_points_to_lead');
