/**
 * Where each pane goes for a terminal size: a 2×2 grid when wide, guests plus one side pane
 * when medium, one pane at a time when narrow, and a size gate below the minimum. Pure, so
 * the screens and the key handlers (half pages, windowing) agree on every pane's height.
 * The whole frame is `rows - 1` tall: Ink 6.8 clears the terminal on every frame that is
 * exactly as tall as the terminal.
 */
import type {PaneId} from './types.js';

export const MIN_COLS = 60;
export const MIN_ROWS = 16;
export const GRID_MIN = {cols: 160, rows: 40};
export const COLUMNS_MIN_COLS = 120;
/** Header and footer lines around the panes. */
export const CHROME_ROWS = 2;

export type LayoutMode = 'grid' | 'columns' | 'single' | 'too-small';

export interface PaneRect {
	id: PaneId;
	top: number;
	left: number;
	width: number;
	height: number;
}

export interface Layout {
	mode: LayoutMode;
	/** Height of the whole frame (terminal rows - 1). */
	frameRows: number;
	bodyRows: number;
	panes: PaneRect[];
	need: {cols: number; rows: number};
	/** Rows under the panes given to the job panel. */
	reserved?: number;
}

/**
 * `reserveRows` are taken from the bottom of the body for the job panel: the panes shrink,
 * the size gate does not move (the panel gives way on a small terminal instead).
 */
export function computeLayout(
	term: {rows: number; cols: number},
	focus: PaneId,
	zoom: boolean,
	sidePane: PaneId,
	reserveRows = 0,
): Layout {
	const frameRows = Math.max(1, term.rows - 1);
	const need = {cols: MIN_COLS, rows: MIN_ROWS};
	if (term.cols < MIN_COLS || term.rows < MIN_ROWS)
		return {mode: 'too-small', frameRows, bodyRows: frameRows - CHROME_ROWS, panes: [], need};
	const reserved = Math.max(0, Math.min(reserveRows, frameRows - CHROME_ROWS - 5));
	const bodyRows = frameRows - CHROME_ROWS - reserved;
	const full = (id: PaneId): PaneRect => ({id, top: 0, left: 0, width: term.cols, height: bodyRows});
	if (zoom) return {mode: 'single', frameRows, bodyRows, panes: [full(focus)], need, reserved};
	if (term.cols >= GRID_MIN.cols && term.rows >= GRID_MIN.rows) {
		const leftW = Math.floor(term.cols / 2);
		const rightW = term.cols - leftW;
		const topH = Math.floor(bodyRows / 2);
		const bottomH = bodyRows - topH;
		return {
			mode: 'grid',
			frameRows,
			bodyRows,
			reserved,
			panes: [
				{id: 'guests', top: 0, left: 0, width: leftW, height: topH},
				{id: 'zfs', top: 0, left: leftW, width: rightW, height: topH},
				{id: 'network', top: topH, left: 0, width: leftW, height: bottomH},
				{id: 'logs', top: topH, left: leftW, width: rightW, height: bottomH},
			],
			need,
		};
	}
	if (term.cols >= COLUMNS_MIN_COLS) {
		const leftW = Math.floor(term.cols * 0.55);
		const side = focus === 'guests' ? sidePane : focus;
		return {
			mode: 'columns',
			frameRows,
			bodyRows,
			reserved,
			panes: [
				{id: 'guests', top: 0, left: 0, width: leftW, height: bodyRows},
				{id: side, top: 0, left: leftW, width: term.cols - leftW, height: bodyRows},
			],
			need,
		};
	}
	return {mode: 'single', frameRows, bodyRows, panes: [full(focus)], need, reserved};
}

/** Rows of list content inside a pane: minus the border (2) and the title line (1). */
export function paneBodyRows(rect: Pick<PaneRect, 'height'>): number {
	return Math.max(1, rect.height - 3);
}

/** The smallest terminal a `--pane` process draws in (a quarter of an 80×24 tmux window fits twice). */
export const PANE_MIN = {cols: 40, rows: 8};

export interface PaneModeLayout {
	fits: boolean;
	/** Height of the whole frame: terminal rows - 1, so Ink never clears the screen. */
	frameRows: number;
	/** Rows under the one header line. */
	bodyRows: number;
	need: {cols: number; rows: number};
}

/** `--pane`: one header line and one chromeless pane filling the rest, or a size gate. */
export function computePaneLayout(term: {rows: number; cols: number}): PaneModeLayout {
	const frameRows = Math.max(1, term.rows - 1);
	const fits = term.cols >= PANE_MIN.cols && term.rows >= PANE_MIN.rows;
	return {fits, frameRows, bodyRows: Math.max(1, frameRows - 1), need: PANE_MIN};
}
