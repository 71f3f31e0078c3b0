/**
 * The host key question, asked inside the console (a reconnect, or a switch of context, met a
 * host known_hosts has no record of).
 * OpenSSH's words, the fingerprint to compare, and only `y` trusts it (Esc, q and n refuse),
 * so no stray key answers it.
 */
import React from 'react';
import {Text} from './widgets/text.js';
import {hostToken, keyTypeLabel} from '../source/transport/known-hosts.js';
import type {HostKeyQuestion} from '../source/transport/prompt.js';
import {useTheme} from './store-context.js';
import {PaneFrame} from './widgets/pane-frame.js';

export function HostKeyDialog({
	question,
	width,
	height,
}: {
	question: HostKeyQuestion;
	width: number;
	height: number;
}): React.ReactNode {
	const theme = useTheme();
	const host = hostToken(question.host, question.port);
	return (
		<PaneFrame
			title={
				<Text color={theme.c('yellow')} bold>
					Unknown host key
				</Text>
			}
			right="y trust · n refuse"
			focused
			width={width}
			height={height}
		>
			<Text>{`The authenticity of host '${host}' can't be established.`}</Text>
			<Text>
				{`${keyTypeLabel(question.keyType)} key fingerprint is `}
				<Text bold>{question.fingerprint}</Text>.
			</Text>
			<Text> </Text>
			<Text wrap="wrap">
				known_hosts has no record of this host. Compare the fingerprint with the host's own (ssh-keygen -lf
				/etc/ssh/ssh_host_ed25519_key.pub, run on it); if you did not expect a new host here, refuse: someone may be
				between you and it.
			</Text>
			<Text> </Text>
			<Text>
				<Text color={theme.c('green')} bold>
					y
				</Text>
				{' trust it: write it to known_hosts and connect    '}
				<Text color={theme.c('red')} bold>
					n
				</Text>
				{' refuse (Esc and q too): stay disconnected'}
			</Text>
		</PaneFrame>
	);
}
