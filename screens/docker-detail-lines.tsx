/**
 * The Docker part of a guest's detail: why it is (or is not) treated as a Docker host, its
 * containers with their live usage, restarts and health, what health found wrong with them,
 * its compose stacks with their sums, and `docker system df`.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import type {Container, Guest, HealthResult} from '../source/model/snapshot.js';
import {stacksOf} from '../source/model/docker.js';
import type {ViewLine} from './widgets/scroll-view.js';
import {fit, formatBytes} from './widgets/format.js';
import {statusColor, type Theme} from './widgets/theme.js';
import {fitColumns} from './once-report.js';
import {containerCondition} from './widgets/docker-rows.js';
import {visibleText} from '../source/text/visible.js';

const COLUMNS = [
	'NAME',
	'STATE',
	'CPU%',
	'MEM',
	'NET RX/TX',
	'BLOCK R/W',
	'RESTARTS',
	'STATUS',
	'IMAGE',
	'PORTS',
] as const;

const known = (n: number | null | undefined, show: (n: number) => string): string =>
	n === null || n === undefined ? '-' : show(n);

function pairText(a: number | null | undefined, b: number | null | undefined): string {
	return a === null || a === undefined ? '-' : `${formatBytes(a)}/${known(b, formatBytes)}`;
}

/** A container's cells as they will show: measured after the host's text is made visible, so columns line up. */
function cells(c: Container): string[] {
	const s = c.stats;
	const texts = [
		c.name,
		containerCondition(c),
		known(s?.cpuPercent, (n) => n.toFixed(1)),
		s?.memUsed == null ? '-' : `${formatBytes(s.memUsed)}/${known(s.memLimit, formatBytes)}`,
		pairText(s?.netRx, s?.netTx),
		pairText(s?.blockRead, s?.blockWrite),
		known(c.restarts, String),
		c.status,
		c.image,
		c.ports,
	];
	return texts.map((text) => visibleText(text));
}

function heading(text: string, theme: Theme): ViewLine {
	return {
		node: (
			<Text bold color={theme.c('cyan')}>
				{text}
			</Text>
		),
	};
}

function findingLine(h: HealthResult, theme: Theme): ViewLine {
	const color = h.state === 'pass' ? theme.c('green') : h.state === 'warn' ? theme.c('yellow') : theme.c('red');
	return {
		node: (
			<Text>
				{'  '}
				<Text color={color} bold>
					{fit(h.state.toUpperCase(), 5)}
				</Text>
				{` ${fit(h.check, 12)} ${h.detail}${h.hint ? ` (${h.hint})` : ''}`}
			</Text>
		),
	};
}

export function dockerDetailLines(
	guest: Guest,
	health: readonly HealthResult[],
	theme: Theme,
	inner: number,
): ViewLine[] {
	const lines: ViewLine[] = [];
	if (guest.docker) {
		const what = guest.docker.dockerHost ? `${guest.docker.runtime ?? 'docker'} host` : 'not a Docker host';
		lines.push({node: ''});
		lines.push({node: `docker     ${what}: ${guest.docker.reason}`});
	}
	const containers = guest.containers ?? [];
	if (containers.length === 0 && (guest.stacks ?? []).length === 0) return lines;
	lines.push({node: ''});
	lines.push(heading(`CONTAINERS (${containers.length})`, theme));
	const rows = containers.map(cells);
	const natural = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const {widths} = fitColumns(COLUMNS, natural, inner - 2);
	const cell = (text: string, i: number): string =>
		i < widths.length
			? `${i === 0 ? '' : '  '}${fit(text, widths[i]!, i >= 2 && i <= 6 ? 'right' : 'left', theme.ascii)}`
			: '';
	lines.push({node: <Text dimColor>{`  ${COLUMNS.map((h, i) => cell(h, i)).join('')}`.trimEnd()}</Text>});
	containers.forEach((c, n) => {
		const r = rows[n]!;
		lines.push({
			node: (
				<Text>
					{`  ${cell(r[0]!, 0)}`}
					<Text
						color={statusColor(theme, c.state === 'running' && !c.health?.startsWith('un') ? 'running' : 'stopped')}
					>
						{cell(r[1]!, 1)}
					</Text>
					{r
						.slice(2)
						.map((text, i) => cell(text, i + 2))
						.join('')
						.trimEnd()}
				</Text>
			),
		});
	});
	const findings = health.filter((h) => h.target.startsWith(`ctr:${guest.vmid}:`));
	if (findings.length > 0) {
		lines.push({node: ''});
		lines.push(heading(`CONTAINER FINDINGS (${findings.length})`, theme));
		for (const h of findings) lines.push(findingLine({...h, detail: h.detail}, theme));
	}
	const sums = new Map(stacksOf(containers).map((s) => [s.project, s]));
	for (const stack of guest.stacks ?? []) {
		const sum = sums.get(stack.name);
		const usage = sum
			? `  cpu ${known(sum.cpuPercent, (n) => `${n.toFixed(1)}%`)}  mem ${known(sum.memUsed, formatBytes)}`
			: '';
		lines.push({
			node: `  stack ${fit(stack.name, 14)} ${stack.running}/${stack.total} running${usage}  ${stack.status}`,
		});
	}
	const disk = guest.dockerDisk ?? [];
	if (disk.length > 0) {
		lines.push({node: ''});
		lines.push(heading('DOCKER DISK (docker system df)', theme));
		lines.push({
			node: (
				<Text
					dimColor
				>{`  ${fit('TYPE', 14)} ${fit('TOTAL', 6, 'right')} ${fit('ACTIVE', 6, 'right')} ${fit('SIZE', 9, 'right')} ${fit('RECLAIMABLE', 11, 'right')}`}</Text>
			),
		});
		for (const d of disk)
			lines.push({
				node: `  ${fit(d.type, 14)} ${fit(known(d.total, String), 6, 'right')} ${fit(known(d.active, String), 6, 'right')} ${fit(known(d.size, formatBytes), 9, 'right')} ${fit(known(d.reclaimable, formatBytes), 11, 'right')}`,
			});
	}
	return lines;
}
