/**
 * ~/.ssh/config resolution the way ssh(1) does it, for the options proxdeck honours: HostName,
 * User, Port, IdentityFile, IdentitiesOnly, ProxyJump, ServerAliveInterval/CountMax,
 * ConnectTimeout, UserKnownHostsFile, HostKeyAlias, StrictHostKeyChecking. First value wins, IdentityFile
 * accumulates, `Include` is followed (globs relative to ~/.ssh), `~` and `%` tokens expanded.
 * The ssh-config package parses the file but follows no Include and expands no `~` or `%` token.
 * `Match exec` is never run.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {homedir, hostname, userInfo} from 'node:os';
import {isAbsolute, join} from 'node:path';
import {parsed, parseFailure, type ParseResult} from '../model/result.js';
import {parseTarget, type SshTarget} from './ssh-target.js';

export interface ResolvedSshHost {
	/** The host as typed (what Host patterns match). */
	alias: string;
	hostName: string;
	user: string;
	port: number;
	/** Expanded paths; the defaults (~/.ssh/id_*) when the config names none. */
	identityFiles: string[];
	identitiesOnly: boolean;
	/** ProxyJump hops, outermost first; empty for a direct connection. */
	proxyJump: SshTarget[];
	serverAliveIntervalSec?: number;
	serverAliveCountMax?: number;
	connectTimeoutSec?: number;
	userKnownHostsFiles?: string[];
	hostKeyAlias?: string;
	/** StrictHostKeyChecking as the config sets it (`off` reads as `no`); unset means `ask`. */
	strictHostKeyChecking?: StrictHostKeyChecking;
	/** Options the config sets that proxdeck does not implement (e.g. ProxyCommand). */
	ignored: string[];
}

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'no';

export interface SshConfigOptions {
	/** Like `ssh -F`: when given, the system-wide file is not read. */
	configPath?: string;
	systemConfigPath?: string;
	home?: string;
	localUser?: string;
}

interface Line {
	keyword: string;
	args: string[];
	file: string;
	line: number;
}

const SOURCE = 'ssh_config';
const MAX_INCLUDE_DEPTH = 16;
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];
const MULTI = new Set(['identityfile', 'userknownhostsfile']);

/** Split a config line into keyword and arguments (`Key value`, `Key=value`, "quoted args"). */
function tokenize(text: string): string[] {
	const words: string[] = [];
	const re = /"([^"]*)"|(\S+)/g;
	for (const m of text.matchAll(re)) words.push(m[1] ?? m[2]!);
	return words;
}

function parseLines(text: string, file: string): Line[] {
	const lines: Line[] = [];
	text.split('\n').forEach((raw, i) => {
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) return;
		const eq = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(trimmed);
		const words = eq ? [eq[1]!, ...tokenize(eq[2]!)] : tokenize(trimmed);
		const [keyword, ...args] = words;
		if (keyword) lines.push({keyword: keyword.toLowerCase(), args, file, line: i + 1});
	});
	return lines;
}

function globToRegExp(pattern: string): RegExp {
	return new RegExp(
		`^${pattern
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replaceAll('*', '.*')
			.replaceAll('?', '.')}$`,
		'i',
	);
}

/** ssh's Host matching: any positive pattern matches and no negated one does. */
export function matchHostPatterns(patterns: readonly string[], host: string): boolean {
	let matched = false;
	for (const p of patterns.flatMap((x) => x.split(','))) {
		if (p.startsWith('!')) {
			if (globToRegExp(p.slice(1)).test(host)) return false;
		} else if (globToRegExp(p).test(host)) matched = true;
	}
	return matched;
}

/** Expand an Include argument: `~`, relative to the config's directory, `*`/`?` globs (sorted). */
function expandInclude(arg: string, baseDir: string, home: string): string[] {
	let path = arg.startsWith('~/') ? join(home, arg.slice(2)) : arg;
	if (!isAbsolute(path)) path = join(baseDir, path);
	const segments = path.split('/').filter((s) => s !== '');
	let found = ['/'];
	for (const segment of segments) {
		if (!/[*?]/.test(segment)) {
			found = found.map((dir) => join(dir, segment));
			continue;
		}
		const re = globToRegExp(segment);
		found = found.flatMap((dir) => {
			let names: string[];
			try {
				names = readdirSync(dir);
			} catch {
				return [];
			}
			return names
				.filter((n) => !n.startsWith('.') && re.test(n))
				.sort()
				.map((n) => join(dir, n));
		});
	}
	return found;
}

export interface TokenValues {
	home: string;
	hostName: string;
	originalHost: string;
	port: number;
	remoteUser: string;
	localUser: string;
}

/** ssh_config TOKENS: %% %d %h %i %l %L %n %p %r %u, and a leading `~`. */
export function expandTokens(text: string, v: TokenValues): string {
	const local = hostname();
	const map: Record<string, string> = {
		'%': '%',
		d: v.home,
		h: v.hostName,
		i: String(process.getuid?.() ?? 0),
		l: local,
		L: local.split('.')[0] ?? local,
		n: v.originalHost,
		p: String(v.port),
		r: v.remoteUser,
		u: v.localUser,
	};
	const expanded = text.replace(/%(.)/g, (all, c: string) => map[c] ?? all);
	if (expanded === '~') return v.home;
	return expanded.startsWith('~/') ? join(v.home, expanded.slice(2)) : expanded;
}

interface Collected {
	values: Map<string, {args: string[]; where: string}>;
	multi: Map<string, string[]>;
	ignored: Set<string>;
}

const IGNORED = new Set(['proxycommand', 'localforward', 'remoteforward', 'dynamicforward', 'certificatefile']);

function readConfigFile(file: string, required: boolean): ParseResult<Line[]> {
	try {
		return parsed(parseLines(readFileSync(file, 'utf8'), file));
	} catch (error) {
		if (!required) return parsed([]);
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		return parseFailure(SOURCE, `cannot read ${file}: ${reason}`);
	}
}

/** Walk one file's lines, applying the options of blocks that match (recursing into Include). */
function collect(
	lines: readonly Line[],
	baseDir: string,
	ctx: {alias: string; home: string; localUser: string; depth: number},
	out: Collected,
): ParseResult<true> {
	let active = true;
	for (const line of lines) {
		const where = `${line.file}:${line.line}`;
		if (line.keyword === 'host') {
			active = matchHostPatterns(line.args, ctx.alias);
			continue;
		}
		if (line.keyword === 'match') {
			active = matchBlock(line.args, ctx, out);
			continue;
		}
		if (!active) continue;
		if (line.keyword === 'include') {
			if (ctx.depth >= MAX_INCLUDE_DEPTH) return parseFailure(SOURCE, `${where}: Include nested too deeply`, line.line);
			for (const arg of line.args) {
				for (const file of expandInclude(arg, baseDir, ctx.home)) {
					const included = readConfigFile(file, false);
					if (!included.ok) return included;
					// An included file's Host lines end at the file's end, as in readconf.c.
					const result = collect(included.value, baseDir, {...ctx, depth: ctx.depth + 1}, out);
					if (!result.ok) return result;
				}
			}
			continue;
		}
		if (line.args.length === 0) return parseFailure(SOURCE, `${where}: ${line.keyword} has no value`, line.line);
		if (IGNORED.has(line.keyword)) out.ignored.add(line.keyword);
		if (MULTI.has(line.keyword)) {
			const list = out.multi.get(line.keyword) ?? [];
			list.push(...(line.keyword === 'identityfile' ? [line.args.join(' ')] : line.args));
			out.multi.set(line.keyword, list);
		} else if (!out.values.has(line.keyword)) {
			out.values.set(line.keyword, {args: line.args, where});
		}
	}
	return parsed(true);
}

/** `Match` criteria proxdeck can decide without running anything; others never match. */
function matchBlock(args: readonly string[], ctx: {alias: string; localUser: string}, out: Collected): boolean {
	let result = true;
	for (let i = 0; i < args.length; i++) {
		const word = args[i]!.toLowerCase();
		if (word === 'all') continue;
		const value = args[++i] ?? '';
		if (word === 'host' || word === 'originalhost') {
			const host = word === 'host' ? (out.values.get('hostname')?.args[0] ?? ctx.alias) : ctx.alias;
			result &&= matchHostPatterns([value], host);
		} else if (word === 'localuser') {
			result &&= matchHostPatterns([value], ctx.localUser);
		} else if (word === 'user') {
			result &&= matchHostPatterns([value], out.values.get('user')?.args[0] ?? ctx.localUser);
		} else {
			out.ignored.add(`match ${word}`);
			result = false;
		}
	}
	return result;
}

function intOption(c: Collected, key: string, min: number, max: number): ParseResult<number | undefined> {
	const v = c.values.get(key);
	if (!v) return parsed(undefined);
	const text = v.args[0]!;
	const n = Number(text);
	if (!/^\d+$/.test(text) || n < min || n > max)
		return parseFailure(SOURCE, `${v.where}: ${key} '${text}' is not a number in ${min}-${max}`);
	return parsed(n);
}

function parseJumps(text: string, where: string): ParseResult<SshTarget[]> {
	if (text.toLowerCase() === 'none') return parsed([]);
	const hops: SshTarget[] = [];
	for (const hop of text.split(',')) {
		const target = parseTarget(hop.replace(/^ssh:\/\//, ''));
		if (!target.ok) return parseFailure(SOURCE, `${where}: ProxyJump ${target.error.message.replace(/^'/, "hop '")}`);
		hops.push(target.value);
	}
	return parsed(hops);
}

/** Resolve what `ssh <target>` would connect to. Explicit user@ and :port beat the config. */
export function resolveSshHost(target: SshTarget, options: SshConfigOptions = {}): ParseResult<ResolvedSshHost> {
	const home = options.home ?? homedir();
	const localUser = options.localUser ?? userInfo().username;
	const out: Collected = {values: new Map(), multi: new Map(), ignored: new Set()};
	if (target.user) out.values.set('user', {args: [target.user], where: 'command line'});
	if (target.port) out.values.set('port', {args: [String(target.port)], where: 'command line'});

	const userFile = options.configPath ?? join(home, '.ssh', 'config');
	const files: Array<{path: string; baseDir: string; required: boolean}> = [
		{path: userFile, baseDir: join(home, '.ssh'), required: options.configPath !== undefined},
	];
	if (options.configPath === undefined) {
		files.push({path: options.systemConfigPath ?? '/etc/ssh/ssh_config', baseDir: '/etc/ssh', required: false});
	}
	for (const file of files) {
		const lines = readConfigFile(file.path, file.required);
		if (!lines.ok) return lines;
		const result = collect(lines.value, file.baseDir, {alias: target.host, home, localUser, depth: 0}, out);
		if (!result.ok) return result;
	}

	const port = intOption(out, 'port', 1, 65535);
	if (!port.ok) return port;
	const interval = intOption(out, 'serveraliveinterval', 0, 86400);
	if (!interval.ok) return interval;
	const countMax = intOption(out, 'serveralivecountmax', 0, 1000);
	if (!countMax.ok) return countMax;
	const connectTimeout = intOption(out, 'connecttimeout', 0, 86400);
	if (!connectTimeout.ok) return connectTimeout;

	const user = out.values.get('user')?.args[0] ?? localUser;
	const portValue = port.value ?? 22;
	const hostNameRaw = out.values.get('hostname')?.args[0] ?? target.host;
	const hostName = hostNameRaw.replace(/%(%|h)/g, (_, c: string) => (c === '%' ? '%' : target.host));
	const tokens: TokenValues = {home, hostName, originalHost: target.host, port: portValue, remoteUser: user, localUser};

	const configured = out.multi.get('identityfile') ?? [];
	const identityFiles =
		configured.length > 0
			? configured.map((f) => expandTokens(f, tokens))
			: DEFAULT_IDENTITIES.map((name) => join(home, '.ssh', name));

	const jumpValue = out.values.get('proxyjump');
	const jumps = jumpValue ? parseJumps(jumpValue.args[0]!, jumpValue.where) : parsed<SshTarget[]>([]);
	if (!jumps.ok) return jumps;

	const resolved: ResolvedSshHost = {
		alias: target.host,
		hostName,
		user,
		port: portValue,
		identityFiles,
		identitiesOnly: out.values.get('identitiesonly')?.args[0]?.toLowerCase() === 'yes',
		proxyJump: jumps.value,
		ignored: [...out.ignored],
	};
	if (interval.value !== undefined) resolved.serverAliveIntervalSec = interval.value;
	if (countMax.value !== undefined) resolved.serverAliveCountMax = countMax.value;
	if (connectTimeout.value !== undefined) resolved.connectTimeoutSec = connectTimeout.value;
	const knownHosts = out.multi.get('userknownhostsfile');
	if (knownHosts && knownHosts.length > 0)
		resolved.userKnownHostsFiles = knownHosts.map((f) => expandTokens(f, tokens));
	const alias = out.values.get('hostkeyalias')?.args[0];
	if (alias) resolved.hostKeyAlias = alias;
	const strict = out.values.get('stricthostkeychecking');
	if (strict) {
		const word = strict.args[0]!.toLowerCase();
		const mode = word === 'off' ? 'no' : word;
		if (mode !== 'yes' && mode !== 'ask' && mode !== 'accept-new' && mode !== 'no') {
			return parseFailure(
				SOURCE,
				`${strict.where}: StrictHostKeyChecking '${strict.args[0]}' is not one of yes, ask, accept-new, no`,
			);
		}
		resolved.strictHostKeyChecking = mode;
	}
	return parsed(resolved);
}
