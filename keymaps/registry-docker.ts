/**
 * The keymap registry's entries for Docker inside a Docker-host guest (keymaps/registry.ts
 * spreads them in): actions on the selected container row, on its compose stack, and on the
 * Docker host. Data only, like the rest of the registry; each reaches the action menu (`a`).
 */
import type {KeyActionSpec} from './registry.js';

export const DOCKER_KEYS = [
	{
		id: 'docker.start',
		keys: ['y'],
		scope: 'guests',
		description: 'Start the selected container',
		dangerous: true,
		label: 'ctr start',
	},
	{
		id: 'docker.stop',
		keys: ['K'],
		scope: 'guests',
		description: 'Stop the selected container',
		dangerous: true,
		label: 'ctr stop',
	},
	{
		id: 'docker.restart',
		keys: ['t'],
		scope: 'guests',
		description: 'Restart the selected container',
		dangerous: true,
		hint: true,
		label: 'ctr restart',
	},
	{
		id: 'docker.remove',
		keys: ['z'],
		scope: 'guests',
		description: 'Remove the selected container (stopped ones only)',
		dangerous: true,
		label: 'ctr remove',
	},
	{
		id: 'docker.shell',
		keys: ['i'],
		scope: 'guests',
		description: 'Shell in the selected container (docker exec -it … sh inside pct exec; the console returns on exit)',
		dangerous: true,
		hint: true,
		label: 'ctr shell',
	},
	{
		id: 'docker.stackLogs',
		keys: ['m'],
		scope: 'guests',
		description:
			"The selected stack (or the container's stack): its containers' logs merged in the logs pane, coloured by container",
		hint: true,
		label: 'stack logs',
	},
	{
		id: 'docker.stackStart',
		keys: ['Y'],
		scope: 'guests',
		description: "Start every container of the selected stack (or the container's stack)",
		dangerous: true,
		label: 'stack start',
	},
	{
		id: 'docker.stackStop',
		keys: ['B'],
		scope: 'guests',
		description: "Stop every container of the selected stack (or the container's stack)",
		dangerous: true,
		label: 'stack stop',
	},
	{
		id: 'docker.stackRestart',
		keys: ['W'],
		scope: 'guests',
		description: "Restart every container of the selected stack (or the container's stack)",
		dangerous: true,
		label: 'stack restart',
	},
	{
		id: 'docker.stackUpdate',
		keys: ['w'],
		scope: 'guests',
		description:
			"Update the selected stack (or the container's stack): pull, recreate what has a newer image, wait for health; snapshot first and roll back when health fails",
		dangerous: true,
		hint: true,
		label: 'stack update',
	},
	{
		id: 'docker.prune',
		keys: ['Z'],
		scope: 'guests',
		description:
			'Prune Docker on the selected Docker host (stopped containers, unused networks, dangling images, build cache)',
		dangerous: true,
		label: 'docker prune',
	},
] as const satisfies readonly KeyActionSpec[];
