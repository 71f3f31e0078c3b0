/** The view of the modal on top (detail, pool, help, pickers, dialogs, journal), or null. */
import React from 'react';
import type {Modal} from '../source/store/types.js';
import {GuestDetail} from './guest-detail.js';
import {PoolDetail} from './pool-detail.js';
import {HelpScreen} from './help-screen.js';
import {LogSourcePicker} from './log-source-picker.js';
import {NodePicker} from './node-picker.js';
import {ConfirmDialog} from './confirm-dialog.js';
import {ActionForm} from './action-form.js';
import {CatalogPicker} from './catalog-picker.js';
import {JournalView} from './journal-view.js';
import {HostKeyDialog} from './host-key-dialog.js';
import {JobOutput} from './job-output.js';
import {ActionMenu} from './action-menu.js';
import {SnapshotsView} from './snapshots-view.js';
import {BackupsView} from './backups-view.js';
import {TasksView} from './tasks-view.js';
import {TemplatesView} from './templates-view.js';
import {TaskLogView} from './task-log-view.js';

/** The top modal that draws over the panes (the filter and palette prompts live in the footer). */
export function viewModal(modals: readonly Modal[]): Modal | undefined {
	return modals.findLast((modal) => modal.kind !== 'filter' && modal.kind !== 'palette');
}

export function ModalView({modal, width, height}: {modal: Modal; width: number; height: number}): React.ReactNode {
	switch (modal.kind) {
		case 'detail':
			return <GuestDetail vmid={modal.vmid} context={modal.context} width={width} height={height} />;
		case 'pool':
			return <PoolDetail name={modal.name} node={modal.node} context={modal.context} width={width} height={height} />;
		case 'help':
			return <HelpScreen width={width} height={height} />;
		case 'picker':
			return <LogSourcePicker width={width} height={height} />;
		case 'nodes':
			return <NodePicker width={width} height={height} />;
		case 'confirm':
			return <ConfirmDialog dialog={modal.dialog} width={width} height={height} />;
		case 'form':
			return <ActionForm form={modal.form} width={width} height={height} />;
		case 'catalog':
			return <CatalogPicker node={modal.node} instances={modal.instances ?? 1} width={width} height={height} />;
		case 'snapshots':
			return <SnapshotsView vmid={modal.vmid} width={width} height={height} />;
		case 'backups':
			return <BackupsView vmid={modal.vmid} width={width} height={height} />;
		case 'tasks':
			return <TasksView width={width} height={height} />;
		case 'templates':
			return <TemplatesView width={width} height={height} />;
		case 'tasklog':
			return <TaskLogView upid={modal.upid} width={width} height={height} />;
		case 'journal':
			return <JournalView width={width} height={height} />;
		case 'hostkey':
			return <HostKeyDialog question={modal.question} width={width} height={height} />;
		case 'jobOutput':
			return <JobOutput width={width} height={height} />;
		case 'actions':
			return <ActionMenu width={width} height={height} />;
		default:
			return null;
	}
}
