/**
 * The `:` command palette's keys and what a command line does. A command that changes the
 * host runs as its registry action, so read-only mode refuses it here as it refuses the key
 * (and the footer says so while the line is typed).
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {readOnlyReason} from '../../../keymaps/resolve.js';
import {keyOf, selectGuestRows} from '../guest-rows.js';
import {complete, parseCommand, remember, type PaletteCommand} from '../palette.js';
import type {AppState, AppStore} from '../types.js';
import {
	contextOf,
	detailOf,
	modeOf,
	popModal,
	pushModal,
	runnerEnv,
	type ActionContext,
	type Handler,
} from './context.js';
import {openDeploy} from './dialogs.js';
import {setLogSource} from './logs.js';
import {sourceOfGuest} from '../log-sources.js';
import {focusPane, openJournal, openTemplates} from './panes.js';
import {setNodeFilter} from './nodes.js';
import {switchContext} from '../context-switch.js';
import {openBackups, openSnapshots} from './safety.js';
import {openFleet} from '../../fleet/store.js';

export function setPaletteText(ctx: ActionContext, text: string, historyAt: number | null): void {
	const state = ctx.get();
	if (state.modals.at(-1)?.kind === 'palette')
		ctx.set({modals: [...state.modals.slice(0, -1), {kind: 'palette', text, historyAt}]});
}

function walkHistory(ctx: ActionContext, step: -1 | 1): void {
	const state = ctx.get();
	const top = state.modals.at(-1);
	if (top?.kind !== 'palette' || state.paletteHistory.length === 0) return;
	const last = state.paletteHistory.length - 1;
	const at = top.historyAt === null ? (step < 0 ? last : null) : top.historyAt + step;
	if (at === null || at > last) return setPaletteText(ctx, '', null);
	const clamped = Math.max(0, at);
	setPaletteText(ctx, state.paletteHistory[clamped] ?? '', clamped);
}

/** Why read-only mode refuses this command, or null. */
function commandRefusal(state: AppState, command: PaletteCommand): string | null {
	const action = command.actionId ? state.keyActions.find((a) => a.id === command.actionId) : undefined;
	return action ? readOnlyReason(action, modeOf(state)) : null;
}

/** While a line is typed: why its command would be refused, or null (the footer shows it). */
export function paletteRefusal(state: AppState, line: string): string | null {
	const parsed = parseCommand(line);
	return parsed.ok ? commandRefusal(state, parsed.command) : null;
}

/** Run one palette line; the result (or why not) goes to the footer notice. */
/**
 * `:health [vmid|service]`: on one context, there; in a fleet, on every context (each on its
 * own connection), or only where the named guest is (`:health lab/105` or a VMID).
 */
function runHealthCommand(ctx: ActionContext, arg: string | undefined): void {
	const fleet = ctx.get().fleet;
	if (!fleet) return ctx.runtime.runner.health(arg === undefined ? [] : [arg], arg ?? 'everything', runnerEnv(ctx));
	const [scoped, target] = arg?.includes('/') ? arg.split('/', 2) : [undefined, arg];
	for (const member of fleet) {
		if (scoped !== undefined && member.name !== scoped) continue;
		const label = `${target ?? 'everything'} on ${member.name}`;
		ctx.runtime.runner.health(target === undefined ? [] : [target], label, runnerEnv(ctx, member.name));
	}
}

export function runPaletteLine(store: AppStore, line: string): void {
	const ctx = contextOf(store);
	ctx.set({paletteHistory: remember(ctx.get().paletteHistory, line)});
	const parsed = parseCommand(line);
	if (!parsed.ok) return ctx.set({notice: parsed.message});
	const {command, arg} = parsed;
	const state = ctx.get();
	const refused = commandRefusal(state, command);
	if (refused) return ctx.set({notice: `:${command.name}: refused (${refused})`});
	// `105`, or in a fleet `lab/105` (a bare VMID finds the first context's guest of that number).
	const guestOf = (text: string | undefined) =>
		state.snapshot?.guests.find((g) => String(g.vmid) === text || `${g.context}/${g.vmid}` === text);
	switch (command.name) {
		case 'guests':
			return focusPane(ctx, 'guests');
		case 'zfs':
			return focusPane(ctx, 'zfs');
		case 'net':
			return focusPane(ctx, 'network');
		case 'logs': {
			const guest = guestOf(arg);
			if (arg !== undefined && !guest) return ctx.set({notice: `:logs: no guest ${arg}`});
			if (guest) setLogSource(store, sourceOfGuest(guest));
			return focusPane(ctx, 'logs');
		}
		case 'ct': {
			const guest = guestOf(arg);
			if (!guest) return ctx.set({notice: `:ct: no guest ${arg ?? ''}`});
			focusPane(ctx, 'guests');
			const now = ctx.get();
			// A guest the filter hides: drop the filter so the selection can be seen.
			const shown = selectGuestRows(now).indexOf.has(keyOf(guest));
			ctx.set({guests: {...now.guests, selected: keyOf(guest), ...(shown ? {} : {filter: ''})}});
			return pushModal(ctx, detailOf(guest), 'detail');
		}
		case 'deploy':
			return openDeploy(ctx, arg ?? '', null, false);
		case 'health':
			return runHealthCommand(ctx, arg);
		case 'node':
			return setNodeFilter(ctx, arg ?? null);
		case 'ctx':
			return void switchContext(store, arg ?? '');
		case 'fleet':
			return void openFleet(
				store,
				(arg ?? '').split(',').filter((n) => n !== ''),
			);
		case 'journal':
			return openJournal(ctx);
		case 'tasks':
			return pushModal(ctx, {kind: 'tasks'}, 'tasks');
		case 'templates':
			return openTemplates(ctx);
		case 'snapshots':
		case 'backups': {
			const guest = guestOf(arg);
			if (!guest) return ctx.set({notice: `:${command.name}: no guest ${arg ?? ''}`});
			if (command.name === 'backups') return openBackups(ctx, guest);
			return openSnapshots(ctx, guest);
		}
		case 'q':
			return ctx.set({quit: true});
	}
}

export const PALETTE_HANDLERS = {
	'app.palette': {run: (ctx) => pushModal(ctx, {kind: 'palette', text: '', historyAt: null})},
	'palette.run': {
		run: (ctx) => {
			const top = ctx.get().modals.at(-1);
			popModal(ctx);
			if (top?.kind === 'palette') runPaletteLine(ctx.store, top.text);
		},
	},
	'palette.complete': {
		run: (ctx) => {
			const state = ctx.get();
			const top = state.modals.at(-1);
			if (top?.kind === 'palette')
				setPaletteText(
					ctx,
					complete(top.text, {contexts: state.contexts, catalog: state.catalog, snapshot: state.snapshot}),
					null,
				);
		},
	},
	'palette.older': {run: (ctx) => walkHistory(ctx, -1)},
	'palette.newer': {run: (ctx) => walkHistory(ctx, 1)},
	'palette.cancel': {run: popModal},
} satisfies Partial<Record<ActionId, Handler>>;
