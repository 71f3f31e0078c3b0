/**
 * Colours and glyphs in one place, so NO_COLOR / --no-color and the ASCII fallback are
 * honoured everywhere: a colour name becomes undefined when colour is off, and every glyph
 * has an ASCII twin.
 */
import type {BoxProps} from 'ink';
import type {Level} from '../../source/model/snapshot.js';

type BorderStyle = NonNullable<BoxProps['borderStyle']>;

export interface Theme {
	color: boolean;
	ascii: boolean;
	/** The colour to pass to <Text color>, or undefined when colour is off. */
	c(name: string): string | undefined;
	level(level: Level): string | undefined;
	g: Glyphs;
	border: BorderStyle;
	/** The focused pane's border: another shape, so focus shows without colour (and in ASCII). */
	focusBorder: BorderStyle;
}

export interface Glyphs {
	expanded: string;
	collapsed: string;
	mark: string;
	sortAsc: string;
	sortDesc: string;
	branch: string;
	lastBranch: string;
	dot: string;
	warn: string;
	arrow: string;
	/** Marks a cut inside a fixed-width cell (one column either way). */
	ellipsis: string;
	/** Prose that trails off: "loading…". */
	dots: string;
	/** Between the parts of a title: "3 pools · max 84%". */
	sep: string;
	cursor: string;
}

const UNICODE: Glyphs = {
	expanded: '▾',
	collapsed: '▸',
	mark: '●',
	sortAsc: '▲',
	sortDesc: '▼',
	branch: '├',
	lastBranch: '└',
	dot: '●',
	warn: '⚠',
	arrow: '→',
	ellipsis: '…',
	dots: '…',
	sep: '·',
	cursor: '›',
};
const ASCII: Glyphs = {
	expanded: 'v',
	collapsed: '>',
	mark: '*',
	sortAsc: '^',
	sortDesc: 'v',
	branch: '|-',
	lastBranch: '`-',
	dot: 'o',
	warn: '!',
	arrow: '->',
	ellipsis: '~',
	dots: '...',
	sep: '-',
	cursor: '>',
};

/** ASCII's focused border: `#` and `=` where the others have `+`, `-` and `|`. */
const ASCII_FOCUS: BorderStyle = {
	topLeft: '#',
	top: '=',
	topRight: '#',
	left: '#',
	right: '#',
	bottomLeft: '#',
	bottom: '=',
	bottomRight: '#',
};

export function makeTheme(display: {color: boolean; ascii: boolean}): Theme {
	const c = (name: string): string | undefined => (display.color ? name : undefined);
	return {
		color: display.color,
		ascii: display.ascii,
		c,
		level: (level) => c(level === 'crit' ? 'red' : level === 'warn' ? 'yellow' : 'green'),
		g: display.ascii ? ASCII : UNICODE,
		border: display.ascii ? 'classic' : 'round',
		focusBorder: display.ascii ? ASCII_FOCUS : display.color ? 'bold' : 'double',
	};
}

export function statusColor(theme: Theme, status: string): string | undefined {
	switch (status) {
		case 'running':
			return theme.c('green');
		case 'stopped':
		case 'exited':
		case 'dead':
			return theme.c('red');
		case 'paused':
		case 'suspended':
		case 'restarting':
		case 'created':
			return theme.c('yellow');
		default:
			return theme.c('magenta');
	}
}

/** A health verdict's colour: nothing for a pass, yellow for a warning, red for a failure. */
export function stateColor(theme: Theme, state: 'pass' | 'warn' | 'fail'): string | undefined {
	return state === 'fail' ? theme.c('red') : state === 'warn' ? theme.c('yellow') : undefined;
}

export function healthColor(theme: Theme, health: string): string | undefined {
	if (health === 'ONLINE') return theme.c('green');
	if (health === 'DEGRADED') return theme.c('yellow');
	return theme.c('red');
}

/** syslog priority -> colour: emerg..err red, warning yellow, notice cyan, debug dim. */
export function priorityColor(theme: Theme, priority: number | undefined): string | undefined {
	if (priority === undefined) return undefined;
	if (priority <= 3) return theme.c('red');
	if (priority === 4) return theme.c('yellow');
	if (priority === 5) return theme.c('cyan');
	if (priority >= 7) return theme.c('gray');
	return undefined;
}
