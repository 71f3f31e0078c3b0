/**
 * The templates view's action: `c` plans `template create` for the selected row's catalog
 * service (a missing template is made; a present one is "already so") in a confirm dialog,
 * built from the snapshot on screen like every other job.
 */
import type {ActionId} from '../../../keymaps/registry.js';
import {buildTemplateJob} from '../../ops/template-create.js';
import {templatesMade, templateViewRows} from '../../report/template-rows.js';
import {actingContext, notice, pushModal, scopeOf, type Handler} from './context.js';
import {confirmDialog} from './dialogs.js';
import {openTemplates} from './panes.js';

export const TEMPLATE_HANDLERS = {
	'app.templates': {run: openTemplates},
	'templates.create': {
		run: (ctx) => {
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
			const job = buildTemplateJob(service, scope.snapshot, {nodes: scope.connection.nodes});
			pushModal(
				ctx,
				confirmDialog(state, 'templates.create', `Make the ${service.name} template (${row.vmid})?`, 'Make', [job]),
				'confirm',
			);
		},
	},
} satisfies Partial<Record<ActionId, Handler>>;
