import { leadActionOperation } from '../leadAction';

/** Calendar → Cancel: Kartra's `calendar_cancel` on an existing lead, one call per item. */
export const cancelCalendar = leadActionOperation('calendar', 'cancel', 'calendar_cancel');
