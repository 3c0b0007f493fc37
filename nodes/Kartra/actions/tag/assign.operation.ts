import { leadActionOperation } from '../leadAction';

/** Tag → Assign: Kartra's `assign_tag` on an existing lead, one call per item. */
export const assignTag = leadActionOperation('tag', 'assign', 'assign_tag');
