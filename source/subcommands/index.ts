/**
 * Subcommand dispatch: cli.tsx parses argv and connects the target, this picks the runner.
 * Each returns the process exit code (exit-codes.ts).
 */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {makeIo} from './io.js';
import {cloneCommand} from './clone.js';
import {deployCommand} from './deploy.js';
import {dockerCommand} from './docker.js';
import {healthCommand} from './health.js';
import type {SubcommandDeps} from './io.js';
import {journalCommand} from './journal.js';
import {lifecycleCommand} from './lifecycle.js';
import {backupCommand} from './backup.js';
import {resizeCommand, setCommand} from './scale.js';
import {snapshotCommand} from './snapshot.js';
import {taskCommand, tasksCommand} from './tasks.js';
import {templateCommand} from './template.js';

export type {SubcommandDeps} from './io.js';

export async function runSubcommand(args: SubcommandArgs, deps: SubcommandDeps): Promise<number> {
	switch (args.name) {
		case 'deploy':
			return deployCommand(args, deps);
		case 'clone':
			return cloneCommand(args, deps);
		case 'health':
			return healthCommand(args, deps);
		case 'journal':
			return journalCommand(args, deps);
		case 'start':
		case 'stop':
		case 'shutdown':
		case 'reboot':
		case 'destroy':
			return lifecycleCommand(args, deps);
		case 'set':
			return setCommand(args, deps);
		case 'resize':
			return resizeCommand(args, deps);
		case 'snapshot':
			return snapshotCommand(args, deps);
		case 'backup':
			return backupCommand(args, deps);
		case 'template':
			return templateCommand(args, deps);
		case 'container':
		case 'stack':
		case 'docker':
			return dockerCommand(args, deps);
		case 'tasks':
			return tasksCommand(args, deps);
		case 'task':
			return taskCommand(args, deps);
		case 'config':
		case 'demo':
			// cli.tsx answers `proxdeck config` and `proxdeck demo` itself, before connecting to a host.
			makeIo(deps).err(`${args.name} is handled before a target is opened`);
			return EXIT.usage;
	}
}
