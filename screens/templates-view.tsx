/**
 * The templates of the host: the catalog service each is for, its storage and root disk
 * size, when proxdeck made it (from the journal; `?` for one made some other way), and the
 * guests made from it; a template the catalog wants but the host lacks is listed last, and
 * `c` makes the selected one (`proxdeck template create <service>` on the command line).
 */
import React, {useMemo} from 'react';
import {Text} from './widgets/text.js';
import {StatusLine} from './widgets/status-line.js';
import {templatesMade, templateViewRows} from '../source/report/template-rows.js';
import {useAppState, useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';
import {fit} from './widgets/format.js';
import {SelectList} from './widgets/select-list.js';
import {useNow} from './widgets/clock.js';

export function TemplatesView({width, height}: {width: number; height: number}): React.ReactNode {
	const theme = useTheme();
	const snapshot = useAppState((s) => s.snapshot);
	const catalog = useAppState((s) => s.catalog);
	const journal = useAppState((s) => s.journal);
	const now = useNow(10_000);
	const made = useMemo(() => templatesMade(journal.entries), [journal.entries]);
	const rows = useMemo(
		() => (snapshot ? templateViewRows(snapshot, catalog, now, made) : []),
		[snapshot, catalog, now, made],
	);
	const missing = rows.filter((r) => 'missing' in r);
	const present = rows.length - missing.length;
	const status = !snapshot
		? 'reading the host…'
		: `${present} template${present === 1 ? '' : 's'}${
				missing.length > 0
					? ` · missing: ${missing.map((r) => `${r.service} (${r.vmid})`).join(', ')}: c on it makes it`
					: ''
			}`;
	const clonesWidth = Math.max(10, width - 2 - 6 - 21 - 9 - 11 - 7 - 11 - 7);
	return (
		<PaneFrame
			title={<Text color={theme.c('cyan')}>Templates</Text>}
			right="c make · R re-create · q/Esc back"
			focused
			width={width}
			height={height}
		>
			<StatusLine text={status} problem={missing.length > 0} />
			<Text
				bold
				wrap="truncate-end"
			>{`  ${fit('VMID', 5)} ${fit('SERVICE', 20)} ${fit('NODE', 8)} ${fit('STORAGE', 10)} ${fit('SIZE', 6, 'right')} ${fit('AGE', 10)} GUESTS FROM IT`}</Text>
			<SelectList
				list="templates"
				rows={rows.map((row) => ({
					key: String(row.vmid),
					node:
						'missing' in row ? (
							<>
								{`${fit(String(row.vmid), 5)} ${fit(row.service, 20, 'left', theme.ascii)} `}
								<Text color={theme.c('red')}>missing: c makes it</Text>
							</>
						) : (
							<>
								{`${fit(String(row.vmid), 5)} ${fit(row.service ?? row.name, 20, 'left', theme.ascii)} ${fit(row.node, 8)} ${fit(row.storage ?? '?', 10)} ${fit(row.sizeText, 6, 'right')} ${fit(row.ageText, 10)} `}
								<Text color={row.clones.length > 0 ? theme.c('green') : undefined}>
									{fit(
										row.clones.map((c) => `${c.vmid} ${c.name}`).join(', ') || '-',
										clonesWidth,
										'left',
										theme.ascii,
									)}
								</Text>
							</>
						),
				}))}
				height={Math.max(1, height - 5)}
				empty="no templates on this host"
			/>
		</PaneFrame>
	);
}
