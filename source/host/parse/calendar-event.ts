/**
 * Proxmox calendar events (pve-common PVE::CalendarEvent, the `schedule` of backup jobs):
 * `[WEEKDAY] [[YEAR-]MONTH-DAY] [HOUR:]MINUTE`, each part a value, a list (`mon,wed`), a
 * range (`mon..fri`, `8..17`), a repetition (`0/15`: every 15 from 0; a star before the slash starts at the lowest) or `*`, plus the words
 * minutely, hourly, daily, weekly, monthly, quarterly, semiannually, yearly and annually.
 * Years are not read (no homelab schedules by year). Times are the host's local time:
 * callers pass its UTC offset.
 */

export interface CalendarEvent {
	/** 0 = Sunday … 6 = Saturday; null: any day. */
	weekdays: ReadonlySet<number> | null;
	/** 1-12; null: any month. */
	months: ReadonlySet<number> | null;
	/** 1-31; null: any day of the month. */
	days: ReadonlySet<number> | null;
	/** Sorted. */
	hours: readonly number[];
	minutes: readonly number[];
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SPECIAL: Record<string, string> = {
	minutely: '*:*',
	hourly: '*:0',
	daily: '0:0',
	weekly: 'mon 0:0',
	monthly: '*-1 0:0',
	yearly: '1-1 0:0',
	annually: '1-1 0:0',
	quarterly: '1,4,7,10-1 0:0',
	semiannually: '1,7-1 0:0',
};

function range(from: number, to: number, step = 1): number[] {
	const out: number[] = [];
	for (let n = from; n <= to; n += step) out.push(n);
	return out;
}

/** One numeric field: `*`, `5`, `1,3`, `8..17`, `0/20`, `8..17/2` (and a star before a slash). Null when it is not one. */
function numbers(text: string, min: number, max: number): number[] | null {
	const out = new Set<number>();
	for (const part of text.split(',')) {
		const m = /^(\*|\d+)(?:\.\.(\d+))?(?:\/(\d+))?$/.exec(part);
		if (!m) return null;
		const from = m[1] === '*' ? min : Number(m[1]);
		const to = m[2] !== undefined ? Number(m[2]) : m[1] === '*' || m[3] !== undefined ? max : from;
		const step = m[3] !== undefined ? Number(m[3]) : 1;
		if (from < min || to > max || from > to || step < 1) return null;
		for (const n of range(from, to, step)) out.add(n);
	}
	return [...out].sort((a, b) => a - b);
}

function weekdays(text: string): Set<number> | null {
	const out = new Set<number>();
	for (const part of text.split(',')) {
		const [a = '', b] = part.split('..');
		const from = WEEKDAYS.indexOf(a.toLowerCase());
		const to = b === undefined ? from : WEEKDAYS.indexOf(b.toLowerCase());
		if (from === -1 || to === -1) return null;
		// `sat..mon` wraps over the week's end.
		for (let d = from; ; d = (d + 1) % 7) {
			out.add(d);
			if (d === to) break;
		}
	}
	return out;
}

export function parseCalendarEvent(input: string): CalendarEvent | null {
	const text = SPECIAL[input.trim().toLowerCase()] ?? input.trim();
	if (text === '') return null;
	const event: {
		weekdays: Set<number> | null;
		months: Set<number> | null;
		days: Set<number> | null;
		hours: number[];
		minutes: number[];
	} = {weekdays: null, months: null, days: null, hours: [0], minutes: [0]};
	let sawTime = false;
	for (const word of text.split(/\s+/)) {
		if (/^[a-z]/i.test(word)) {
			const days = weekdays(word);
			if (!days || event.weekdays) return null;
			event.weekdays = days;
		} else if (word.includes('-')) {
			const parts = word.split('-');
			const [month, day] = parts.length === 3 ? [parts[1]!, parts[2]!] : [parts[0]!, parts[1]!];
			const months = numbers(month, 1, 12);
			const monthDays = numbers(day, 1, 31);
			if (!months || !monthDays) return null;
			if (month !== '*') event.months = new Set(months);
			if (day !== '*') event.days = new Set(monthDays);
		} else {
			if (sawTime) return null;
			sawTime = true;
			const [first = '', second, seconds] = word.split(':');
			if (seconds !== undefined && !/^\d+$/.test(seconds)) return null;
			const hours = second === undefined ? numbers('*', 0, 23) : numbers(first, 0, 23);
			const minutes = numbers(second ?? first, 0, 59);
			if (!hours || !minutes) return null;
			event.hours = hours;
			event.minutes = minutes;
		}
	}
	return event;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The last time the event fired at or before `atMs`, or null when it did not fire in the
 * year before. `offsetMinutes` is the host's UTC offset (`date +%z`).
 */
export function previousRun(event: CalendarEvent, atMs: number, offsetMinutes = 0): number | null {
	const local = atMs + offsetMinutes * MINUTE;
	const dayStart = Math.floor(local / DAY) * DAY;
	for (let back = 0; back <= 400; back++) {
		const day = dayStart - back * DAY;
		const date = new Date(day);
		if (event.weekdays && !event.weekdays.has(date.getUTCDay())) continue;
		if (event.months && !event.months.has(date.getUTCMonth() + 1)) continue;
		if (event.days && !event.days.has(date.getUTCDate())) continue;
		for (let h = event.hours.length - 1; h >= 0; h--) {
			for (let m = event.minutes.length - 1; m >= 0; m--) {
				const at = day + event.hours[h]! * 3_600_000 + event.minutes[m]! * MINUTE;
				if (at <= local) return at - offsetMinutes * MINUTE;
			}
		}
	}
	return null;
}

/** The next time the event fires after `afterMs`, or null within a year. */
export function nextRun(event: CalendarEvent, afterMs: number, offsetMinutes = 0): number | null {
	const local = afterMs + offsetMinutes * MINUTE;
	const dayStart = Math.floor(local / DAY) * DAY;
	for (let ahead = 0; ahead <= 400; ahead++) {
		const day = dayStart + ahead * DAY;
		const date = new Date(day);
		if (event.weekdays && !event.weekdays.has(date.getUTCDay())) continue;
		if (event.months && !event.months.has(date.getUTCMonth() + 1)) continue;
		if (event.days && !event.days.has(date.getUTCDate())) continue;
		for (const h of event.hours) {
			for (const m of event.minutes) {
				const at = day + h * 3_600_000 + m * MINUTE;
				if (at > local) return at - offsetMinutes * MINUTE;
			}
		}
	}
	return null;
}

/** `+0100` / `-0530` (`date +%z`) in minutes; null when it is not one. */
export function parseUtcOffset(text: string): number | null {
	const m = /^([+-])(\d\d)(\d\d)$/.exec(text.trim());
	if (!m) return null;
	const minutes = Number(m[2]) * 60 + Number(m[3]);
	return m[1] === '-' ? -minutes : minutes;
}
