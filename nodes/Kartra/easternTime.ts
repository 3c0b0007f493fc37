import type { IDataObject } from 'n8n-workflow';

/**
 * Kartra writes its dates as US Eastern wall time without an offset (`2026-03-08 14:05:00`, "EST" in its docs, daylight
 * saving included). These turn such a text into ISO 8601 with the offset that held then, by the US rules (since 2007:
 * second Sunday of March to first Sunday of November, at 2:00 local; 1987–2006: first Sunday of April to last Sunday
 * of October), with no time-zone data needed. Pure.
 */

const HOUR = 3_600_000;

/** The day of the month of the n-th Sunday (n ≥ 1), or the last one (n = -1), of a month (1–12). */
function sunday(year: number, month: number, n: number): number {
	if (n > 0) {
		const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
		return 1 + ((7 - weekday) % 7) + (n - 1) * 7;
	}
	const last = new Date(Date.UTC(year, month, 0));
	return last.getUTCDate() - last.getUTCDay();
}

/** Daylight saving of a year: its start and end as local wall times (ms, as if UTC), both at 02:00. */
function daylight(year: number): { start: number; end: number } | undefined {
	if (year >= 2007) {
		return {
			start: Date.UTC(year, 2, sunday(year, 3, 2), 2),
			end: Date.UTC(year, 10, sunday(year, 11, 1), 2),
		};
	}
	if (year >= 1987) {
		return {
			start: Date.UTC(year, 3, sunday(year, 4, 1), 2),
			end: Date.UTC(year, 9, sunday(year, 10, -1), 2),
		};
	}
	return undefined;
}

/** UTC offset in hours (-4 or -5) of an instant in US Eastern time. */
export function easternOffsetAt(instant: number): number {
	const year = new Date(instant - 5 * HOUR).getUTCFullYear();
	const dst = daylight(year);
	if (!dst) return -5;
	// the start at 02:00 standard time is 07:00 UTC; the end at 02:00 daylight time is 06:00 UTC
	return instant >= dst.start + 5 * HOUR && instant < dst.end + 4 * HOUR ? -4 : -5;
}

/**
 * The instant of an Eastern wall time. A time that does not exist (the hour skipped in March) is read with the
 * offset before the change (02:30 is 03:30 daylight time); a time that happens twice (the hour repeated in November)
 * is its first occurrence, daylight time. (ECMAScript's Temporal calls this "compatible".)
 */
export function easternWallToInstant(wall: number): number {
	const year = new Date(wall).getUTCFullYear();
	const dst = daylight(year);
	const daylightTime = dst !== undefined && wall >= dst.start + HOUR && wall < dst.end;
	return wall + (daylightTime ? 4 : 5) * HOUR;
}

const KARTRA_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as ISO 8601 in Eastern time with its offset: `2026-07-04T09:30:00-04:00`. */
export function isoEastern(instant: number): string {
	const offset = easternOffsetAt(instant);
	const local = new Date(instant + offset * HOUR);
	return (
		`${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
		`T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
		`${offset < 0 ? '-' : '+'}${two(Math.abs(offset))}:00`
	);
}

/**
 * Kartra's Eastern date text (`yyyy-mm-dd hh:mm:ss`, `yyyy-mm-dd hh:mm` or `yyyy-mm-dd`) as ISO 8601 with its offset;
 * `undefined` for Kartra's empty dates (`0000-00-00 00:00:00`, blank, `N/A`) and for anything that is not a date.
 */
export function kartraDateToIso(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	const m = KARTRA_DATE.exec(text.trim());
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
	if (year === 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	// 31 February and the like are not dates
	if (new Date(wall).getUTCDate() !== day) return undefined;
	return isoEastern(easternWallToInstant(wall));
}

const isDateKey = (key: string) => key.endsWith('_date') || key === 'date_joined';

/**
 * A Kartra record as workflows use it: Kartra's dates (US Eastern, no offset) as ISO 8601 with the offset that held
 * then, `0000-00-00 00:00:00` and "N/A" as empty. The raw record keeps Kartra's text.
 */
export function simplifyRecord(record: IDataObject): IDataObject {
	// each key kept as the caller sent it, as an own entry: `__proto__` from a webhook body sets no prototype
	return Object.fromEntries(
		Object.entries(record).map(([key, value]) => {
			if (value === 'N/A') return [key, ''];
			if (isDateKey(key) && typeof value === 'string')
				return [key, kartraDateToIso(value) ?? (value.startsWith('0000-00-00') ? '' : value)];
			return [key, value];
		}),
	) as IDataObject;
}
