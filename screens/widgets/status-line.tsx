/**
 * The line under a view's title that says how its data stands (reading, read N s ago, or
 * why it could not be read): dim while all is well, yellow when something is wrong.
 */
import React from 'react';
import {useTheme} from '../store-context.js';
import {Text} from './text.js';

export function StatusLine({text, problem}: {text: string; problem: boolean}): React.ReactNode {
	const theme = useTheme();
	return (
		<Text dimColor={!problem} color={problem ? theme.c('yellow') : undefined} wrap="truncate-end">
			{text}
		</Text>
	);
}
