/**
 * The job panel's keys: scroll it (`[`, `]`), and its job's whole output full screen (`p`),
 * where every result and hint is wrapped rather than cut.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {focusJob} from '../jobs.js';
import type {AppState} from '../types.js';
import {popModal, pushModal, type ActionContext, type Handler} from './context.js';

const noJob = (state: AppState): string | null =>
	focusJob(state.jobs) ? null : 'no job yet: deploy, clone, start... or H (health) shows its output here';

/** Move the panel's first line by `delta`, from where it is now (what the panel reported). */
function scrollPanel(ctx: ActionContext, delta: number): void {
	const state = ctx.get();
	const job = focusJob(state.jobs);
	const extent = state.extents.jobs;
	if (!job || !extent) return;
	const last = Math.max(0, extent.count - extent.page);
	const top = Math.max(0, Math.min(last, (extent.top ?? 0) + delta));
	ctx.set({jobScroll: {id: job.id, top}});
}

export const JOB_HANDLERS = {
	'jobs.output': {run: (ctx) => pushModal(ctx, {kind: 'jobOutput'}, 'jobOutput'), disabled: noJob},
	'jobs.scrollDown': {run: (ctx) => scrollPanel(ctx, 1), disabled: noJob},
	'jobs.scrollUp': {run: (ctx) => scrollPanel(ctx, -1), disabled: noJob},
	'jobOutput.close': {run: popModal},
} satisfies Partial<Record<ActionId, Handler>>;
