// Kartra's Eastern dates: the rule-based conversion agrees with the time-zone database (Intl, America/New_York) at
// every daylight-saving change of 2024–2030, around each one minute by minute, and at random instants.
import fc from 'fast-check';

import {
	easternOffsetAt,
	easternWallToInstant,
	isoEastern,
	kartraDateToIso,
} from '../../nodes/Kartra/easternTime';

const zone = new Intl.DateTimeFormat('en-US', {
	timeZone: 'America/New_York',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	timeZoneName: 'shortOffset',
});

/** What the time-zone database says of an instant: its Eastern wall time and offset in hours. */
function database(instant: number): { wall: string; offset: number } {
	const parts = Object.fromEntries(
		zone.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
	);
	const offset = Number(/GMT([+-]\d+)/.exec(parts.timeZoneName)?.[1] ?? 0);
	return {
		wall: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`,
		offset,
	};
}

/** The instants, 2024–2030, where the database's Eastern offset changes (found by bisection within each day). */
function transitions(): number[] {
	const found: number[] = [];
	const start = Date.UTC(2024, 0, 1);
	const end = Date.UTC(2031, 0, 1);
	for (let t = start; t < end; t += 86_400_000) {
		if (database(t).offset === database(t + 86_400_000).offset) continue;
		let lo = t;
		let hi = t + 86_400_000;
		while (hi - lo > 1000) {
			const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
			if (database(mid).offset === database(lo).offset) lo = mid;
			else hi = mid;
		}
		found.push(hi);
	}
	return found;
}

test('every daylight-saving change of 2024–2030, minute by minute two hours either side, as the time-zone database says', () => {
	const changes = transitions();
	// two a year for seven years
	expect(changes).toHaveLength(14);
	for (const change of changes) {
		for (let minute = -120; minute <= 120; minute++) {
			const instant = change + minute * 60_000;
			const db = database(instant);
			expect([instant, easternOffsetAt(instant)]).toEqual([instant, db.offset]);
			// the wall time Kartra would write for it, read back, is that instant (the repeated hour: its first time)
			const iso = kartraDateToIso(db.wall);
			const back = Date.parse(iso!);
			const repeated = database(instant - 3_600_000).wall.slice(11, 13) === db.wall.slice(11, 13);
			expect([db.wall, back]).toEqual([
				db.wall,
				repeated && db.offset === -5 ? instant - 3_600_000 : instant,
			]);
		}
	}
});

test('random instants 2024–2030: offset and wall time as the database says', () => {
	fc.assert(
		fc.property(
			fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31, 23, 59, 59) }),
			(ms) => {
				const instant = Math.floor(ms / 1000) * 1000;
				const db = database(instant);
				const iso = isoEastern(instant);
				expect(iso.slice(0, 19).replace('T', ' ')).toBe(db.wall);
				expect(iso.slice(19)).toBe(db.offset === -4 ? '-04:00' : '-05:00');
				expect(Date.parse(iso)).toBe(instant);
			},
		),
		{ numRuns: 20_000, seed: 20261202 },
	);
});

test("Kartra's texts: with and without seconds, a bare date, empty dates, the skipped and repeated hours", () => {
	expect(kartraDateToIso('2026-07-04 09:30:00')).toBe('2026-07-04T09:30:00-04:00');
	expect(kartraDateToIso('2026-01-15 23:59')).toBe('2026-01-15T23:59:00-05:00');
	expect(kartraDateToIso('2026-12-02')).toBe('2026-12-02T00:00:00-05:00');
	// 8 March 2026: 02:30 does not exist; read as standard time, it is 03:30 daylight time
	expect(kartraDateToIso('2026-03-08 02:30:00')).toBe('2026-03-08T03:30:00-04:00');
	// 1 November 2026: 01:30 happens twice; the first, daylight time
	expect(kartraDateToIso('2026-11-01 01:30:00')).toBe('2026-11-01T01:30:00-04:00');
	expect(kartraDateToIso('2026-11-01 02:00:00')).toBe('2026-11-01T02:00:00-05:00');
	for (const empty of [
		'0000-00-00 00:00:00',
		'',
		'N/A',
		'2026-02-31 10:00:00',
		'2026-13-01',
		42,
		null,
	])
		expect(kartraDateToIso(empty)).toBeUndefined();
	// before 2007 the US changed clocks in April and October
	expect(kartraDateToIso('2005-04-03 03:00:00')).toBe('2005-04-03T03:00:00-04:00');
	expect(kartraDateToIso('2005-10-30 01:59:59')).toBe('2005-10-30T01:59:59-04:00');
	expect(kartraDateToIso('2005-10-30 02:00:00')).toBe('2005-10-30T02:00:00-05:00');
	expect(easternWallToInstant(Date.UTC(2026, 6, 4, 9, 30))).toBe(Date.UTC(2026, 6, 4, 13, 30));
});
