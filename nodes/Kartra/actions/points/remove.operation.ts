import { leadActionOperation } from '../leadAction';

/** Points → Remove: Kartra's `remove_points_from_lead` on an existing lead, one call per item. */
export const removePoints = leadActionOperation('points', 'remove', 'remove_points_from_lead');
