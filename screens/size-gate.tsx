/** Shown instead of the panes when the terminal is below the minimum size. */
import React from 'react';
import {Box} from 'ink';
import {Text} from './widgets/text.js';
import {useTheme} from './store-context.js';
import {times} from './widgets/format.js';

export function SizeGate({
	have,
	need,
}: {
	have: {cols: number; rows: number};
	need: {cols: number; rows: number};
}): React.ReactNode {
	const theme = useTheme();
	const x = times(theme.ascii);
	const rows = Math.max(1, have.rows - 1);
	return (
		<Box
			flexDirection="column"
			width={have.cols}
			height={rows}
			justifyContent="center"
			alignItems="center"
			overflow="hidden"
		>
			<Text bold color={theme.c('red')} wrap="truncate-end">
				Terminal too small
			</Text>
			{rows >= 2 ? (
				<Text wrap="truncate-end">{`have ${have.cols}${x}${have.rows}, need ${need.cols}${x}${need.rows}`}</Text>
			) : null}
			{rows >= 3 ? (
				<Text dimColor wrap="truncate-end">
					resize, or q to quit
				</Text>
			) : null}
		</Box>
	);
}
