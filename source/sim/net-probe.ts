/**
 * `curl` and `nc -z` against the sim's guests, from the host or from inside a guest: an
 * address (or a guest name, as the LAN's DNS would resolve it) finds the guest, and the port
 * answers once that guest's service is up (state.serviceSec after boot).
 */
import type {SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {servicesUp} from './mutate.js';
import type {SimGuest} from './types.js';

function guestAddresses(guest: SimGuest): string[] {
	return guest.nics.flatMap((n) =>
		[n.liveIp, n.ip]
			.filter((ip): ip is string => !!ip && ip !== 'dhcp' && ip !== 'manual')
			.map((ip) => ip.split('/')[0]!),
	);
}

export function resolveGuest(ctx: SimContext, host: string, from?: SimGuest): SimGuest | null | 'unresolved' {
	if ((host === 'localhost' || host === '127.0.0.1' || host === '::1') && from) return from;
	if (/^[\d.]+$/.test(host))
		return ctx.state.guests.find((g) => !g.template && guestAddresses(g).includes(host)) ?? null;
	return ctx.state.guests.find((g) => g.name === host && !g.template) ?? 'unresolved';
}

interface Target {
	scheme: string;
	host: string;
	port: number;
}

function parseUrl(url: string): Target | null {
	const m = /^(?:(https?|telnet):\/\/)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/.exec(url);
	if (!m) return null;
	const scheme = m[1] ?? 'http';
	return {scheme, host: m[2]!, port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80};
}

export function curl(ctx: SimContext, args: string[], from?: SimGuest): SimResult {
	let writeOut = '';
	let output: string | null = null;
	let silent = false;
	let showError = false;
	let fail = false;
	let url = '';
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '-w' || a === '--write-out') writeOut = args[++i] ?? '';
		else if (a === '-o' || a === '--output') output = args[++i] ?? '';
		else if (
			['-m', '--max-time', '--connect-timeout', '-H', '--header', '-X', '--request', '-u', '--user', '-A'].includes(a)
		)
			i++;
		else if (a.startsWith('-') && !a.startsWith('--')) {
			if (a.includes('s')) silent = true;
			if (a.includes('S')) showError = true;
			if (a.includes('f')) fail = true;
		} else if (a === '--silent') silent = true;
		else if (a === '--fail') fail = true;
		else if (!a.startsWith('-')) url = a;
	}
	const target = parseUrl(url);
	const writeCode = (code: string): string =>
		writeOut.replaceAll('%{http_code}', code).replaceAll('%{response_code}', code).replace(/\\n/g, '\n');
	const failure = (code: number, message: string): SimResult => ({
		stdout: writeCode('000'),
		stderr: !silent || showError ? `curl: (${code}) ${message}\n` : '',
		code,
	});
	if (!target) return failure(3, 'URL rejected: Malformed input to a URL function');
	const guest = resolveGuest(ctx, target.host, from);
	if (guest === 'unresolved') return failure(6, `Could not resolve host: ${target.host}`);
	if (!guest)
		return failure(28, `Failed to connect to ${target.host} port ${target.port} after 3002 ms: Timeout was reached`);
	const service = guest.services.find((s) => s.port === target.port && s.kind !== 'udp');
	if (!service || !servicesUp(ctx.state, guest, ctx.now))
		return failure(7, `Failed to connect to ${target.host} port ${target.port} after 0 ms: Couldn't connect to server`);
	if (service.kind === 'tcp') return failure(52, 'Empty reply from server');
	const body =
		output === null ? `<!doctype html><html><head><title>${service.name}</title></head><body>OK</body></html>\n` : '';
	void fail;
	return {stdout: body + writeCode('200'), stderr: '', code: 0};
}

/** `nc -z [-w N] [-u] host port`: 0 when something listens. */
export function nc(ctx: SimContext, args: string[], from?: SimGuest): SimResult {
	const words = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-w');
	const [host, portText] = words;
	if (!host || !portText)
		return {stdout: '', stderr: 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n', code: 1};
	const udp = args.some((a) => a.startsWith('-') && a.includes('u'));
	const guest = resolveGuest(ctx, host, from);
	if (guest === 'unresolved')
		return {
			stdout: '',
			stderr: `nc: getaddrinfo for host "${host}" port ${portText}: Name or service not known\n`,
			code: 1,
		};
	const open =
		!!guest &&
		servicesUp(ctx.state, guest, ctx.now) &&
		guest.services.some((s) => s.port === Number(portText) && (s.kind === 'udp') === udp);
	return open || (udp && !!guest) ? {stdout: '', stderr: '', code: 0} : {stdout: '', stderr: '', code: 1};
}
