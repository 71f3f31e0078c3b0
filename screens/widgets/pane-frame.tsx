/**
 * A pane: a border (bold or double when focused, so focus shows without colour), one title
 * line, and exactly `height - 3` rows of content. Sizes are explicit so the frame never
 * grows past the terminal.
 */
import React from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import {useTheme} from '../store-context.js';
import {useBareFrame} from '../pane-bare.js';

export interface PaneFrameProps {
	title: React.ReactNode;
	/** Right side of the title line (counts, status). */
	right?: React.ReactNode;
	focused: boolean;
	width: number;
	height: number;
	children: React.ReactNode;
}

export function PaneFrame({title, right, focused, width, height, children}: PaneFrameProps): React.ReactNode {
	const theme = useTheme();
	// --pane: no border, no title line (the pane header says what this is).
	if (useBareFrame()) {
		return (
			<Box flexDirection="column" height={Math.max(1, height - 3)} width={width - 2} overflow="hidden">
				{children}
			</Box>
		);
	}
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle={focused ? theme.focusBorder : theme.border}
			borderColor={focused ? theme.c('cyan') : theme.c('gray')}
			overflow="hidden"
		>
			<Box height={1} width={width - 2} overflow="hidden">
				<Box flexGrow={1} overflow="hidden">
					<Text wrap="truncate-end" bold={focused}>
						{title}
					</Text>
				</Box>
				{right === undefined ? null : (
					<Box flexShrink={0} marginLeft={1}>
						<Text wrap="truncate-end">{right}</Text>
					</Box>
				)}
			</Box>
			<Box flexDirection="column" height={Math.max(1, height - 3)} width={width - 2} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
