/**
 * `--once` without `--json`: the snapshot as ink-table tables, rendered to a string once.
 * No colour when stdout is not a terminal (the caller decides), no raw mode, no input.
 * ink-table draws its cells with Ink's own Text, so cells go through the sanitiser here.
 */
import React from 'react';
import {Box, renderToString} from 'ink';
import {Text} from './widgets/text.js';
import {Table} from 'ink-table';
import type {ReportTable, Row} from '../source/report/rows.js';
import {visibleText} from '../source/text/visible.js';

function visibleRow(row: Row): Row {
	return Object.fromEntries(
		Object.entries(row).map(([key, cell]) => [visibleText(key, {tabWidth: 4}), visibleText(cell, {tabWidth: 4})]),
	);
}

function Report({heading, tables}: {heading: string; tables: ReportTable[]}) {
	return (
		<Box flexDirection="column">
			<Text bold>{heading}</Text>
			{tables.map((t) => (
				<Box key={t.title} flexDirection="column" marginTop={1}>
					<Text bold>
						{t.title} ({t.rows.length})
					</Text>
					{t.rows.length > 0 ? <Table data={t.rows.map(visibleRow)} /> : <Text dimColor>none</Text>}
				</Box>
			))}
		</Box>
	);
}

export function renderOnceReport(heading: string, tables: ReportTable[], columns: number): string {
	return renderToString(<Report heading={heading} tables={tables} />, {columns});
}
