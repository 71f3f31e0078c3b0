/**
 * What each action id does to the state. The input router resolves a key to an id through
 * keymaps/; this is the only place that id becomes a state change, so keys, the help screen
 * and a later command palette all run the same code.
 */
import {selectGuestRows, selectedIndex, type GuestRow} from './guest-rows.js';
import {computeLayout, paneBodyRows} from './layout.js';
import {selectLogSourceChoices, sourceForRow} from './log-sources.js';
import {poolOfItem, selectZfsItems} from './zfs-items.js';
import {isActive, reserveFor} from './jobs.js';
import {PANES, type AppState, type ListId, type Modal, type PaneId, type SortKey} from './types.js';

type Get = () => AppState;
type Set = (partial: Partial<AppState>) => void;

export interface ActionServices {
	refreshNow(): void;
	redraw(): void;
	clearLogs(): void;
	/** The ids of the actions on the host, dialogs and palette (commands.ts); false: unknown id. */
	extra(id: string): boolean;
}

type Motion = {delta: number} | {to: 'top' | 'bottom'};

/** Modals whose list the motion keys move. */
const LIST_MODALS: ReadonlySet<Modal['kind']> = new Set(['detail', 'pool', 'help', 'picker', 'confirm', 'catalog', 'journal']);

function motionFor(id: string, page: number): Motion | null {
	const half = Math.max(1, Math.floor(page / 2));
	switch (id) {
		case 'nav.down': return {delta: 1};
		case 'nav.up': return {delta: -1};
		case 'nav.halfDown': return {delta: half};
		case 'nav.halfUp': return {delta: -half};
		case 'nav.pageDown': return {delta: Math.max(1, page - 1)};
		case 'nav.pageUp': return {delta: -Math.max(1, page - 1)};
		case 'nav.top': return {to: 'top'};
		case 'nav.bottom': return {to: 'bottom'};
		default: return null;
	}
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(high, value));

function topModal(state: AppState): Modal | undefined {
	return state.modals[state.modals.length - 1];
}

function guestsPage(state: AppState): number {
	const layout = computeLayout(state.term, state.focus, state.zoom, state.sidePane, reserveFor(state.jobs, state.term));
	const rect = layout.panes.find((pane) => pane.id === 'guests');
	return rect ? Math.max(1, paneBodyRows(rect) - 1) : 10;
}

function moveGuests(get: Get, set: Set, motion: Motion): void {
	const state = get();
	const {rows} = selectGuestRows(state);
	if (rows.length === 0) return;
	const current = selectedIndex(selectGuestRows(state), state.guests);
	let next = 'to' in motion ? (motion.to === 'top' ? 0 : rows.length - 1) : clamp(current + motion.delta, 0, rows.length - 1);
	// Group headings are not selectable: step past them in the direction of travel.
	const step = 'to' in motion ? (motion.to === 'top' ? 1 : -1) : motion.delta > 0 ? 1 : -1;
	while (rows[next]?.kind === 'group') {
		const candidate = next + step;
		if (candidate < 0 || candidate >= rows.length) {
			next = current;
			break;
		}
		next = candidate;
	}
	const row = rows[next];
	if (!row) return;
	set({guests: {...state.guests, selected: row.key, index: next}});
}

function moveList(get: Get, set: Set, list: ListId, motion: Motion): void {
	const state = get();
	const extent = state.extents[list] ?? {count: 0, page: 10};
	const max = Math.max(0, extent.count - 1);
	const current = state.cursors[list];
	const next = 'to' in motion ? (motion.to === 'top' ? 0 : max) : clamp(current + motion.delta, 0, max);
	set({cursors: {...state.cursors, [list]: next}});
}

/** Logs scroll: the cursor is the top line; reaching the end turns follow back on. */
function moveLogs(get: Get, set: Set, motion: Motion): void {
	const state = get();
	const extent = state.extents.logs ?? {count: 0, page: 10};
	const lastTop = Math.max(0, extent.count - extent.page);
	if ('to' in motion) {
		set({cursors: {...state.cursors, logs: motion.to === 'top' ? 0 : lastTop}, logs: {...state.logs, follow: motion.to === 'bottom'}});
		return;
	}
	const base = state.logs.follow ? lastTop : Math.min(state.cursors.logs, lastTop);
	const next = clamp(base + motion.delta, 0, lastTop);
	const follow = motion.delta > 0 && next >= lastTop;
	set({cursors: {...state.cursors, logs: next}, logs: {...state.logs, follow}});
}

function selectedRow(state: AppState): GuestRow | undefined {
	const rows = selectGuestRows(state);
	return rows.rows[selectedIndex(rows, state.guests)];
}

const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(['cpu', 'mem', 'disk', 'uptime']);

function sortBy(get: Get, set: Set, key: SortKey): void {
	const {guests} = get();
	const desc = guests.sort.key === key ? !guests.sort.desc : DESCENDING_FIRST.has(key);
	set({guests: {...guests, sort: {key, desc}}});
}

function focusPane(get: Get, set: Set, pane: PaneId): void {
	const state = get();
	set({focus: pane, modals: [], sidePane: pane === 'guests' ? state.sidePane : pane});
}

function setExpanded(get: Get, set: Set, mode: 'toggle' | 'open' | 'close'): void {
	const state = get();
	const row = selectedRow(state);
	if (!row || row.kind === 'group') return;
	const vmid = row.guest.vmid;
	if (row.kind === 'guest' && !row.hasContainers) return;
	const open = mode === 'toggle' ? !state.guests.expanded[vmid] : mode === 'open';
	const expanded = {...state.guests.expanded};
	if (open) expanded[vmid] = true;
	else delete expanded[vmid];
	// Collapsing from a container row moves the selection to its host, which stays visible.
	const selected = row.kind === 'container' && !open ? `g:${vmid}` : state.guests.selected ?? row.key;
	set({guests: {...state.guests, expanded, selected}});
}

function commitRange(state: AppState): number[] {
	const {rangeAnchor} = state.guests;
	const marks = new Set(state.guests.marks);
	if (rangeAnchor === null) return [...marks];
	const rows = selectGuestRows(state);
	const current = selectedIndex(rows, state.guests);
	const [from, to] = rangeAnchor <= current ? [rangeAnchor, current] : [current, rangeAnchor];
	for (let i = from; i <= to; i++) {
		const row = rows.rows[i];
		if (row?.kind === 'guest') marks.add(row.guest.vmid);
	}
	return [...marks];
}

function back(get: Get, set: Set): void {
	const state = get();
	if (state.modals.length > 0) {
		set({modals: state.modals.slice(0, -1)});
		return;
	}
	if (state.focus === 'guests' && state.guests.rangeAnchor !== null) {
		set({guests: {...state.guests, rangeAnchor: null}});
	} else if (state.focus === 'guests' && state.guests.marks.length > 0) {
		set({guests: {...state.guests, marks: []}});
	} else if (state.focus === 'guests' && state.guests.filter !== '') {
		set({guests: {...state.guests, filter: ''}});
	} else if (state.focus === 'logs' && state.logs.filter !== '') {
		set({logs: {...state.logs, filter: ''}});
	} else if (state.zoom) {
		set({zoom: false});
	} else if (state.jobs.length > 0 && !state.jobs.some(isActive)) {
		// Last: put away the job panel once every job has finished (the journal keeps them).
		set({jobs: []});
	}
}

const SORTS: Record<string, SortKey> = {
	'guests.sortVmid': 'vmid', 'guests.sortName': 'name', 'guests.sortType': 'type', 'guests.sortNode': 'node',
	'guests.sortStatus': 'status', 'guests.sortCpu': 'cpu', 'guests.sortMem': 'mem', 'guests.sortDisk': 'disk',
	'guests.sortUptime': 'uptime',
};

export function createDispatch(get: Get, set: Set, services: ActionServices): (id: string) => void {
	return (id) => {
		const state = get();
		const modal = topModal(state);

		const motion = motionFor(id, modal ? state.extents[modal.kind as ListId]?.page ?? 10 : state.focus === 'guests' ? guestsPage(state) : state.extents[state.focus as ListId]?.page ?? 10);
		if (motion) {
			if (modal && LIST_MODALS.has(modal.kind)) moveList(get, set, modal.kind as ListId, motion);
			else if (state.focus === 'guests') moveGuests(get, set, motion);
			else if (state.focus === 'logs') moveLogs(get, set, motion);
			else moveList(get, set, state.focus, motion);
			return;
		}
		const sort = SORTS[id];
		if (sort) {
			sortBy(get, set, sort);
			return;
		}
		switch (id) {
			case 'app.quit': set({quit: true}); return;
			case 'app.backOrQuit':
				if (state.modals.length > 0) set({modals: state.modals.slice(0, -1)});
				else set({quit: true});
				return;
			case 'app.back': back(get, set); return;
			case 'app.help':
				set({modals: [...state.modals, {kind: 'help'}], cursors: {...state.cursors, help: 0}});
				return;
			case 'help.close': case 'detail.close': case 'pool.close':
				set({modals: state.modals.slice(0, -1)});
				return;
			case 'app.redraw': services.redraw(); return;
			case 'app.refresh': services.refreshNow(); return;
			case 'pane.next': case 'pane.prev': {
				const at = PANES.indexOf(state.focus);
				const next = PANES[(at + (id === 'pane.next' ? 1 : PANES.length - 1)) % PANES.length]!;
				focusPane(get, set, next);
				return;
			}
			case 'pane.guests': focusPane(get, set, 'guests'); return;
			case 'pane.zfs': focusPane(get, set, 'zfs'); return;
			case 'pane.network': focusPane(get, set, 'network'); return;
			case 'pane.logs': focusPane(get, set, 'logs'); return;
			case 'pane.zoomIn': set({zoom: true}); return;
			case 'pane.zoomOut': set({zoom: false}); return;

			case 'guests.detail': {
				const row = selectedRow(state);
				if (!row || row.kind === 'group') return;
				set({modals: [...state.modals, {kind: 'detail', vmid: row.guest.vmid}], cursors: {...state.cursors, detail: 0}});
				return;
			}
			case 'guests.filter':
				set({modals: [...state.modals, {kind: 'filter', target: 'guests', previous: state.guests.filter}]});
				return;
			case 'logs.filter':
				set({modals: [...state.modals, {kind: 'filter', target: 'logs', previous: state.logs.filter}]});
				return;
			case 'filter.commit': set({modals: state.modals.slice(0, -1)}); return;
			case 'filter.cancel': {
				if (modal?.kind !== 'filter') return;
				const modals = state.modals.slice(0, -1);
				if (modal.target === 'guests') set({modals, guests: {...state.guests, filter: ''}});
				else set({modals, logs: {...state.logs, filter: ''}});
				return;
			}
			case 'guests.mark': {
				const row = selectedRow(state);
				if (state.guests.rangeAnchor !== null) {
					set({guests: {...state.guests, marks: commitRange(state), rangeAnchor: null}});
					return;
				}
				if (row?.kind !== 'guest') return;
				const vmid = row.guest.vmid;
				const marks = state.guests.marks.includes(vmid) ? state.guests.marks.filter((m) => m !== vmid) : [...state.guests.marks, vmid];
				set({guests: {...state.guests, marks}});
				moveGuests(get, set, {delta: 1});
				return;
			}
			case 'guests.range':
				if (state.guests.rangeAnchor === null) {
					set({guests: {...state.guests, rangeAnchor: selectedIndex(selectGuestRows(state), state.guests)}});
				} else {
					set({guests: {...state.guests, marks: commitRange(state), rangeAnchor: null}});
				}
				return;
			case 'guests.markVisible': {
				const visible = selectGuestRows(state).rows.flatMap((row) => (row.kind === 'guest' ? [row.guest.vmid] : []));
				const all = visible.length > 0 && visible.every((vmid) => state.guests.marks.includes(vmid));
				set({guests: {...state.guests, marks: all ? [] : visible}});
				return;
			}
			case 'guests.toggleExpand': setExpanded(get, set, 'toggle'); return;
			case 'guests.expand': setExpanded(get, set, 'open'); return;
			case 'guests.collapse': setExpanded(get, set, 'close'); return;
			case 'guests.logs': {
				const source = sourceForRow(selectedRow(state));
				if (!source) return;
				state.setLogSource(source);
				focusPane(get, set, 'logs');
				return;
			}

			case 'zfs.detail': {
				const pool = poolOfItem(selectZfsItems(state.snapshot)[state.cursors.zfs], state.snapshot?.pools ?? []);
				if (pool) set({modals: [...state.modals, {kind: 'pool', name: pool}], cursors: {...state.cursors, pool: 0}});
				return;
			}
			case 'network.leaksOnly':
				set({networkWarningsOnly: !state.networkWarningsOnly, cursors: {...state.cursors, network: 0}});
				return;

			case 'logs.source': {
				const choices = selectLogSourceChoices(state.snapshot);
				set({modals: [...state.modals, {kind: 'picker'}], cursors: {...state.cursors, picker: 0}, extents: {...state.extents, picker: {count: choices.length, page: state.extents.picker?.page ?? 10}}});
				return;
			}
			case 'picker.choose':
				set({modals: state.modals.slice(0, -1)});
				state.pickLogSource(state.cursors.picker);
				return;
			case 'logs.followSelected': {
				const on = !state.logs.followSelection;
				set({logs: {...get().logs, followSelection: on}});
				const source = on ? sourceForRow(selectedRow(state)) : null;
				if (source) get().setLogSource(source);
				return;
			}
			case 'logs.follow': set({logs: {...state.logs, follow: !state.logs.follow}}); return;
			case 'logs.wrap': set({logs: {...state.logs, wrap: !state.logs.wrap}}); return;
			case 'logs.timestamps': set({logs: {...state.logs, timestamps: !state.logs.timestamps}}); return;
			case 'logs.clear': services.clearLogs(); return;
			default: services.extra(id); return;
		}
	};
}
