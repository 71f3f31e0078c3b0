/**
 * The templates view's actions: `c` plans `template create` for the selected row's catalog
 * service (a missing template is made; a present one is "already so"), `R` its re-creation,
 * each in a confirm dialog built from the snapshot on screen like every other job.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {buildTemplateJob} from '../../ops/template-create.js';
import {buildRecreateJob} from '../../ops/template-recreate.js';
import {templatesMade, templateViewRows} from '../../report/template-rows.js';
import {actingContext, notice, pushModal, scopeOf, type ActionContext, type Handler} from './context.js';
import {confirmDialog} from './dialogs.js';
import {openTemplates} from './panes.js';

/** A confirm dialog for the selected row's service: its build, or its re-creation. */
function planSelected(ctx: ActionContext, recreate: boolean): void {
	const state = ctx.get();
	const scope = scopeOf(ctx, actingContext(state));
	if (!scope.snapshot) return notice(ctx, 'templates: the host has not been read yet');
	const rows = templateViewRows(scope.snapshot, state.catalog, Date.now(), templatesMade(state.journal.entries));
	const row = rows[state.cursors.templates];
	const service = state.catalog.services.find((s) => s.name === row?.service);
	if (!row || !service)
		return notice(
			ctx,
			`templates: ${row ? `template ${row.vmid} is not a catalog service's` : 'no template selected'}`,
		);
	const env = {nodes: scope.connection.nodes};
	const job = recreate
		? buildRecreateJob(service, scope.snapshot, env)
		: buildTemplateJob(service, scope.snapshot, env);
	const modal = recreate
		? confirmDialog(state, 'templates.recreate', `Re-create the ${service.name} template (${row.vmid})?`, 'Re-create', [
				job,
			])
		: confirmDialog(state, 'templates.create', `Make the ${service.name} template (${row.vmid})?`, 'Make', [job]);
	pushModal(ctx, modal, 'confirm');
}

export const TEMPLATE_HANDLERS = {
	'app.templates': {run: openTemplates},
	'templates.create': {run: (ctx) => planSelected(ctx, false)},
	'templates.recreate': {run: (ctx) => planSelected(ctx, true)},
} satisfies Partial<Record<ActionId, Handler>>;
