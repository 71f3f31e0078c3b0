/**
 * The guests table's rows under an expanded Docker host: each compose stack (running of
 * total, its summed CPU and memory) and its containers (state or health, CPU, memory used of
 * the limit, restarts, ports, image). Cells only; the pane adds the cursor and colours.
 */
import type {Container, StackSummary} from '../../source/model/docker.js';
import type {Column} from './guest-columns.js';
import {fit, formatBytes} from './format.js';
import {statusColor, type Theme} from './theme.js';
import type {Segment} from './segment-line.js';

/** What the STATUS column says of a container: a health or OOM problem before the plain state. */
export function containerCondition(container: Container): string {
	if (container.health === 'unhealthy') return 'unhealthy';
	if (container.state === 'exited' && container.oomKilled) return 'oom-kill';
	return container.state;
}

function conditionColor(theme: Theme, container: Container): string | undefined {
	const condition = containerCondition(container);
	if (condition === 'unhealthy' || condition === 'oom-kill') return theme.c('red');
	if (condition === 'restarting') return theme.c('yellow');
	return statusColor(theme, container.state);
}

function cpuText(percent: number | null | undefined): string {
	return percent === null || percent === undefined ? '-' : percent.toFixed(1);
}

function memText(used: number | null | undefined, limit?: number | null): string {
	if (used === null || used === undefined) return '-';
	return limit === null || limit === undefined ? formatBytes(used) : `${formatBytes(used)}/${formatBytes(limit)}`;
}

function stackLabel(stack: StackSummary): string {
	return stack.project ?? '(no stack)';
}

export function stackSegments(
	stack: StackSummary,
	last: boolean,
	columns: readonly Column[],
	theme: Theme,
	cursor: string,
): Segment[] {
	const segments: Segment[] = [{text: `${cursor}  `}];
	const allUp = stack.running === stack.total;
	columns.forEach((col, i) => {
		const gap = i === 0 ? '' : ' ';
		const put = (text: string, color?: string): void => {
			segments.push({text: gap + fit(text, col.width, col.align, theme.ascii), ...(color ? {color} : {})});
		};
		switch (col.id) {
			case 'name':
				return put(` ${last ? theme.g.lastBranch : theme.g.branch} ${stackLabel(stack)}`);
			case 'type':
				return put(stack.project === undefined ? '' : 'stk');
			case 'status':
				return put(`${stack.running}/${stack.total} up`, allUp ? theme.c('green') : theme.c('yellow'));
			case 'cpu':
				return put(cpuText(stack.cpuPercent));
			case 'mem':
				return put(memText(stack.memUsed));
			default:
				return put('');
		}
	});
	return segments;
}

export function containerSegments(
	container: Container,
	last: boolean,
	stackLast: boolean,
	columns: readonly Column[],
	theme: Theme,
	cursor: string,
): Segment[] {
	const segments: Segment[] = [{text: `${cursor}  `}];
	const trunk = stackLast ? ' ' : theme.ascii ? '|' : '│';
	columns.forEach((col, i) => {
		const gap = i === 0 ? '' : ' ';
		const put = (text: string, color?: string): void => {
			segments.push({text: gap + fit(text, col.width, col.align, theme.ascii), ...(color ? {color} : {})});
		};
		switch (col.id) {
			case 'name':
				return put(` ${trunk} ${last ? theme.g.lastBranch : theme.g.branch} ${container.name}`);
			case 'type':
				return put(container.runtime === 'podman' ? 'pod' : 'ctr');
			case 'node':
				return put(container.project ?? '');
			case 'status':
				return put(containerCondition(container), conditionColor(theme, container));
			case 'cpu':
				return put(cpuText(container.stats?.cpuPercent));
			case 'mem':
				return put(memText(container.stats?.memUsed, container.stats?.memLimit));
			case 'uptime':
				// Restarts where a guest shows its uptime: a climbing count is a loop.
				return put(
					container.restarts ? `${container.restarts}x` : '',
					container.restarts ? theme.c('yellow') : undefined,
				);
			case 'ip':
				return put(container.ports);
			case 'tags':
				return put(container.image);
			default:
				return put('');
		}
	});
	return segments;
}
