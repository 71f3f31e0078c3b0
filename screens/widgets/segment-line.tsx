/**
 * One list row as styled runs of text. A pane computes the runs of the rows it shows on every
 * render (plain string work), and a row whose runs read the same as last time is not rendered
 * again: after a refresh most rows of the ZFS and network panes, and many guest rows, show
 * exactly what they showed before, even though the snapshot behind them is new.
 *
 * Runs with the same style are merged, so a row is a handful of Ink nodes rather than one
 * per column: idle CPU is mostly React and Ink walking nodes (README, Performance).
 */
import React from 'react';
import {Text} from './text.js';

export interface Segment {
	text: string;
	color?: string | undefined;
	bold?: boolean | undefined;
	dimColor?: boolean | undefined;
	inverse?: boolean | undefined;
}

export interface SegmentLineProps {
	segments: readonly Segment[];
	/** Style of the whole row (a selected row is inverse, a template dim). */
	inverse?: boolean | undefined;
	dimColor?: boolean | undefined;
	color?: string | undefined;
	bold?: boolean | undefined;
}

function sameStyle(a: Segment, b: Segment): boolean {
	return (
		a.color === b.color &&
		Boolean(a.bold) === Boolean(b.bold) &&
		Boolean(a.dimColor) === Boolean(b.dimColor) &&
		Boolean(a.inverse) === Boolean(b.inverse)
	);
}

function isPlain(segment: Segment): boolean {
	return segment.color === undefined && !segment.bold && !segment.dimColor && !segment.inverse;
}

/** Adjacent runs with the same style become one; empty runs go. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
	const merged: Segment[] = [];
	for (const segment of segments) {
		if (segment.text === '') continue;
		const last = merged.at(-1);
		if (last && sameStyle(last, segment)) merged[merged.length - 1] = {...last, text: last.text + segment.text};
		else merged.push(segment);
	}
	return merged;
}

export function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i]!.text !== b[i]!.text || !sameStyle(a[i]!, b[i]!)) return false;
	return true;
}

function sameLine(a: SegmentLineProps, b: SegmentLineProps): boolean {
	return (
		a.inverse === b.inverse &&
		a.dimColor === b.dimColor &&
		a.color === b.color &&
		a.bold === b.bold &&
		sameSegments(a.segments, b.segments)
	);
}

export const SegmentLine = React.memo(function SegmentLine({
	segments,
	inverse,
	dimColor,
	color,
	bold,
}: SegmentLineProps): React.ReactNode {
	const runs = mergeSegments(segments);
	return (
		<Text inverse={inverse} dimColor={dimColor} color={color} bold={bold} wrap="truncate-end">
			{runs.map((run, i) =>
				isPlain(run) ? (
					run.text
				) : (
					<Text key={i} color={run.color} bold={run.bold} dimColor={run.dimColor} inverse={run.inverse}>
						{run.text}
					</Text>
				),
			)}
		</Text>
	);
}, sameLine);
