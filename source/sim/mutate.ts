/**
 * The small set of state changes every write goes through, so pmxcfs's bookkeeping (config
 * versions, the vmlist version) and the journal's action lines stay right whoever writes.
 */
import type {SimEvent, SimGuest, SimState} from './types.js';

/** Events kept for the journals; older ones fall off like a rotated journal. */
export const MAX_EVENTS = 600;

export function findGuest(state: SimState, vmid: number): SimGuest | undefined {
	return state.guests.find((g) => g.vmid === vmid);
}

/** A config file was written: it takes pmxcfs's next version. */
export function touchConfig(state: SimState, guest: SimGuest): void {
	state.cfsVersion += 1;
	guest.version = state.cfsVersion;
}

export function addGuest(state: SimState, guest: SimGuest): void {
	state.guests.push(guest);
	state.guests.sort((a, b) => a.vmid - b.vmid);
	state.vmlistVersion += 1;
	touchConfig(state, guest);
}

export function removeGuest(state: SimState, vmid: number): void {
	state.guests = state.guests.filter((g) => g.vmid !== vmid);
	state.vmlistVersion += 1;
	state.cfsVersion += 1;
}

export function addEvent(state: SimState, event: Omit<SimEvent, 'seq'>): SimEvent {
	state.eventSeq += 1;
	const full: SimEvent = {seq: state.eventSeq, ...event};
	state.events.push(full);
	if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
	return full;
}

/** What `pct status` would say now: a guest still booting is not running yet. */
export function liveStatus(guest: SimGuest, now: number): 'running' | 'stopped' {
	return guest.status === 'running' && guest.bootAt !== null && now >= guest.bootAt ? 'running' : 'stopped';
}

/** Told to run (booting or up): what "already running" checks look at. */
export function isStarted(guest: SimGuest): boolean {
	return guest.status === 'running';
}

/** Seconds the guest has been up, 0 when not running. */
export function uptimeSec(guest: SimGuest, now: number): number {
	return liveStatus(guest, now) === 'running' ? Math.floor((now - guest.bootAt!) / 1000) : 0;
}

/** A guest's services answer `serviceSec` seconds after it finished booting. */
export function servicesUp(state: SimState, guest: SimGuest, now: number): boolean {
	return liveStatus(guest, now) === 'running' && now - guest.bootAt! >= state.serviceSec * 1000;
}

/** Bytes from a Proxmox size string (`8G`, `512M`, `1T`, plain bytes). */
export function parseSize(text: string): number | null {
	const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(text);
	if (!m) return null;
	const unit = {'': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4}[m[2] as '' | 'K' | 'M' | 'G' | 'T'];
	return Math.round(Number(m[1]) * unit);
}

/** Proxmox's own size text: the largest unit that divides exactly (`8G`, `1536M`). */
export function formatSize(bytes: number): string {
	for (const [unit, factor] of [
		['T', 1024 ** 4],
		['G', 1024 ** 3],
		['M', 1024 ** 2],
		['K', 1024],
	] as const) {
		if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
	}
	return String(bytes);
}

/** The storage id of a volume (`local-lvm:vm-200-disk-0` -> `local-lvm`), or null for a path. */
export function volumeStorage(volume: string): string | null {
	if (volume.startsWith('/')) return null;
	const colon = volume.indexOf(':');
	return colon > 0 ? volume.slice(0, colon) : null;
}
