/**
 * The action ids added for issues 6 and 7, turned into state changes: the guests pane's
 * actions (through ops-actions.ts), the confirm dialog, the clone form, the catalog picker,
 * the journal view and the `:` palette. actions.ts hands every id it does not know to here.
 */
import type {Journal} from '../journal/journal.js';
import {disabledReasonFor} from '../../keymaps/resolve.js';
import {guestKey, selectGuestRows} from './guest-rows.js';
import {
	activateConfirm,
	chooseCatalog,
	moveFormFocus,
	nextCatalogNode,
	openCatalog,
	openCloneForm,
	openDeploy,
	openLifecycle,
	requestShell,
	runHealthOf,
	submitCloneForm,
	toggleConfirm,
	typeConfirm,
	typeForm,
	type OpsActionDeps,
} from './ops-actions.js';
import {complete, parseCommand, remember} from './palette.js';
import type {AppState} from './types.js';

type Get = () => AppState;
type Set = (partial: Partial<AppState>) => void;

export interface CommandDeps extends OpsActionDeps {
	journal: Journal | null;
	dispatch(id: string): void;
}

/** The text of whatever prompt or field has the keyboard, or null when none does. */
export function currentText(state: AppState): string | null {
	const top = state.modals.at(-1);
	switch (top?.kind) {
		case 'filter': return top.target === 'guests' ? state.guests.filter : state.logs.filter;
		case 'palette': return top.text;
		case 'form': return top.form.fields[top.form.focus]?.value ?? '';
		case 'confirm': return top.dialog.typed === null ? null : top.dialog.typedText;
		default: return null;
	}
}

function openJournal(get: Get, set: Set, journal: Journal | null): void {
	const state = get();
	set({modals: [...state.modals, {kind: 'journal'}], cursors: {...state.cursors, journal: 0}, journal: {status: 'loading', entries: [], error: null}});
	if (!journal) {
		set({journal: {status: 'error', entries: [], error: 'no journal in this session'}});
		return;
	}
	journal.read(500).then(
		(entries) => set({journal: {status: 'ok', entries: entries.reverse(), error: null}}),
		(error: unknown) => set({journal: {status: 'error', entries: [], error: `could not read ${journal.path}: ${error instanceof Error ? error.message : String(error)}`}}),
	);
}

function setPalette(get: Get, set: Set, text: string, historyAt: number | null): void {
	const state = get();
	const top = state.modals.at(-1);
	if (top?.kind === 'palette') set({modals: [...state.modals.slice(0, -1), {kind: 'palette', text, historyAt}]});
}

function walkHistory(get: Get, set: Set, step: -1 | 1): void {
	const state = get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'palette' || state.paletteHistory.length === 0) return;
	const last = state.paletteHistory.length - 1;
	const at = top.historyAt === null ? (step < 0 ? last : null) : top.historyAt + step;
	if (at === null || at > last) return setPalette(get, set, '', null);
	const clamped = Math.max(0, at);
	setPalette(get, set, state.paletteHistory[clamped] ?? '', clamped);
}

/** Run one palette line; the result (or why not) goes to the footer notice. */
export function runPaletteLine(get: Get, set: Set, deps: CommandDeps, line: string): void {
	set({paletteHistory: remember(get().paletteHistory, line)});
	const parsed = parseCommand(line);
	if (!parsed.ok) return set({notice: parsed.message});
	const {command, arg} = parsed;
	const state = get();
	const refused = command.actionId ? disabledReasonFor(command.actionId, {readOnly: state.readOnly, readOnlyWhy: state.readOnlyWhy}, state.keyActions) : null;
	if (refused) return set({notice: `:${command.name}: refused (${refused})`});
	const guestOf = (text: string | undefined) => state.snapshot?.guests.find((g) => String(g.vmid) === text);
	switch (command.name) {
		case 'guests': return deps.dispatch('pane.guests');
		case 'zfs': return deps.dispatch('pane.zfs');
		case 'net': return deps.dispatch('pane.network');
		case 'logs': {
			if (arg !== undefined) {
				const guest = guestOf(arg);
				if (!guest) return set({notice: `:logs: no guest ${arg}`});
				state.setLogSource({kind: 'guest', vmid: guest.vmid, name: guest.name});
			}
			return deps.dispatch('pane.logs');
		}
		case 'ct': {
			const guest = guestOf(arg);
			if (!guest) return set({notice: `:ct: no guest ${arg ?? ''}`});
			deps.dispatch('pane.guests');
			const now = get();
			// A guest the filter hides: drop the filter so the selection can be seen.
			const shown = selectGuestRows(now).indexOf.has(guestKey(guest.vmid));
			set({guests: {...now.guests, selected: guestKey(guest.vmid), ...(shown ? {} : {filter: ''})}});
			return deps.dispatch('guests.detail');
		}
		case 'deploy': return openDeploy(get, set, deps, arg ?? '', null, false);
		case 'health': return deps.runner.health(arg === undefined ? [] : [arg], arg ?? 'everything');
		case 'ctx': return void get().switchContext(arg ?? '');
		case 'journal': return openJournal(get, set, deps.journal);
		case 'q': return set({quit: true});
	}
}

/** Handles one id; false when it is not one of these. */
export function dispatchCommand(get: Get, set: Set, deps: CommandDeps, id: string): boolean {
	const state = get();
	const pop = (): void => set({modals: state.modals.slice(0, -1)});
	switch (id) {
		case 'app.palette': set({modals: [...state.modals, {kind: 'palette', text: '', historyAt: null}]}); return true;
		case 'app.journal': openJournal(get, set, deps.journal); return true;
		case 'journal.close': pop(); return true;
		case 'guests.start': openLifecycle(get, set, deps, 'start'); return true;
		case 'guests.stop': openLifecycle(get, set, deps, 'stop'); return true;
		case 'guests.reboot': openLifecycle(get, set, deps, 'reboot'); return true;
		case 'guests.destroy': openLifecycle(get, set, deps, 'destroy'); return true;
		case 'guests.clone': openCloneForm(get, set, deps); return true;
		case 'guests.deploy': openCatalog(get, set, deps); return true;
		case 'guests.health': runHealthOf(get, set, deps); return true;
		case 'guests.shell': requestShell(get, set, deps); return true;
		case 'confirm.toggle': toggleConfirm(get, set); return true;
		case 'confirm.activate': activateConfirm(get, set, deps); return true;
		case 'catalog.choose': chooseCatalog(get, set, deps); return true;
		case 'catalog.node': nextCatalogNode(get, set); return true;
		case 'form.next': moveFormFocus(get, set, 1); return true;
		case 'form.prev': moveFormFocus(get, set, -1); return true;
		case 'form.submit': submitCloneForm(get, set, deps); return true;
		case 'form.cancel': case 'palette.cancel': pop(); return true;
		case 'palette.complete': {
			const top = state.modals.at(-1);
			if (top?.kind === 'palette') setPalette(get, set, complete(top.text, {contexts: state.contexts, catalog: deps.catalog(), snapshot: state.snapshot}), null);
			return true;
		}
		case 'palette.older': walkHistory(get, set, -1); return true;
		case 'palette.newer': walkHistory(get, set, 1); return true;
		case 'palette.run': {
			const top = state.modals.at(-1);
			pop();
			if (top?.kind === 'palette') runPaletteLine(get, set, deps, top.text);
			return true;
		}
		default: return false;
	}
}

/** Text for the prompt or field that has the keyboard. */
export function typeInto(get: Get, set: Set, text: string): void {
	const top = get().modals.at(-1);
	switch (top?.kind) {
		case 'palette': setPalette(get, set, text, top.historyAt); return;
		case 'form': typeForm(get, set, text); return;
		case 'confirm': typeConfirm(get, set, text); return;
		default: get().typeFilter(text);
	}
}
