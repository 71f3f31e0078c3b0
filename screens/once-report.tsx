/**
 * `--once` without `--json`: the snapshot as ink-table tables, rendered to a string once.
 * No colour when stdout is not a terminal (the caller decides), no raw mode, no input.
 */
import React from 'react';
import {Box, Text, renderToString} from 'ink';
import {Table} from 'ink-table';
import type {ReportTable} from '../source/report/rows.js';

function Report({heading, tables}: {heading: string; tables: ReportTable[]}) {
	return (
		<Box flexDirection="column">
			<Text bold>{heading}</Text>
			{tables.map((t) => (
				<Box key={t.title} flexDirection="column" marginTop={1}>
					<Text bold>
						{t.title} ({t.rows.length})
					</Text>
					{t.rows.length > 0 ? <Table data={t.rows} /> : <Text dimColor>none</Text>}
				</Box>
			))}
		</Box>
	);
}

export function renderOnceReport(heading: string, tables: ReportTable[], columns: number): string {
	return renderToString(<Report heading={heading} tables={tables} />, {columns});
}
