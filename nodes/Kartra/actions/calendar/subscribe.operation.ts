import { leadActionOperation } from '../leadAction';

/** Calendar → Subscribe: Kartra's `calendar_subscribe` on an existing lead, one call per item. */
export const subscribeToCalendar = leadActionOperation('calendar', 'subscribe', 'calendar_subscribe');
