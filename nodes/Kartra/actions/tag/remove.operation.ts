import { leadActionOperation } from '../leadAction';

/** Tag → Remove: Kartra's `unassign_tag` on an existing lead, one call per item. */
export const removeTag = leadActionOperation('tag', 'remove', 'unassign_tag');
