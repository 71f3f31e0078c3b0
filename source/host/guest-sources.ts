/**
 * Which guests the collector looks inside: the WireGuard gateway (for `wg show` in the
 * guest) and the Docker/Podman hosts (for their containers and compose stacks). The context
 * config can name them; otherwise tags and names decide, the way homelabs label them, and for
 * Docker hosts a probe inside LXCs that allow nesting (docker-detect.ts).
 */
import type {GuestSources} from './sections.js';
import {detectDocker, type DetectableGuest, type DockerChoice, type ProbeAnswer} from './docker-detect.js';

export interface SourceChoice extends DockerChoice {
	/** The VPN gateway guest: a vmid, null for none, or 'auto' (default). */
	vpnGateway?: number | null | 'auto';
}

/** What the probes said so far, and how many guests one refresh may probe. */
export interface ProbeState {
	answers: ReadonlyMap<number, ProbeAnswer>;
	nowMs: number;
	perRefresh: number;
}

interface GuestLike extends DetectableGuest {
	nics?: {ip?: string; gw?: string}[];
}

const VPN_HINT = /^(wireguard|wg|vpn|vpn-gateway)$/i;
const VPN_NAME = /wireguard|^wg[-_]|vpn/i;

function candidates(guests: readonly GuestLike[]): GuestLike[] {
	// Only running containers: `pct exec` needs a running CT, and VMs have no `pct exec`.
	return guests.filter((g) => g.type === 'lxc' && g.status === 'running' && !g.template);
}

/**
 * Guests on a VPN are often tagged `vpn` too, so a tag alone is not enough: the gateway is
 * the candidate whose address other guests use as their gateway, then one named like a
 * WireGuard box, then any tagged one.
 */
function autoVpnGateway(all: readonly GuestLike[], running: GuestLike[]): number | null {
	const candidates = running.filter((g) => g.tags.some((t) => VPN_HINT.test(t)) || VPN_NAME.test(g.name));
	if (candidates.length === 0) return null;
	const gateways = new Set<string>();
	for (const g of all) for (const n of g.nics ?? []) if (n.gw) gateways.add(n.gw);
	const byRoute = candidates.find((g) => (g.nics ?? []).some((n) => n.ip && gateways.has(n.ip.replace(/\/\d+$/, ''))));
	const byName = candidates.find((g) => /wireguard|^wg/i.test(g.name));
	return (byRoute ?? byName ?? candidates[0])?.vmid ?? null;
}

export function chooseGuestSources(
	guests: readonly GuestLike[],
	choice: SourceChoice = {},
	probes?: ProbeState,
): GuestSources {
	const running = candidates(guests);
	let vpnGateway: number | null = null;
	if (typeof choice.vpnGateway === 'number') {
		vpnGateway = running.some((g) => g.vmid === choice.vpnGateway) ? choice.vpnGateway : null;
	} else if (choice.vpnGateway !== null) {
		vpnGateway = autoVpnGateway(guests, running);
	}

	const nowMs = probes?.nowMs ?? Date.now();
	const dockerHosts: GuestSources['dockerHosts'] = [];
	const pending: number[] = [];
	for (const guest of running) {
		const found = detectDocker(guest, choice, probes?.answers.get(guest.vmid), nowMs);
		if (found.dockerHost) dockerHosts.push({vmid: guest.vmid, runtime: found.runtime ?? 'docker'});
		else if (found.rule === 'probe-pending') pending.push(guest.vmid);
	}
	// Without probe state (a one-off read) nothing is probed: names, tags and the config decide.
	const probe = probes ? pending.slice(0, probes.perRefresh) : [];
	return {vpnGateway, dockerHosts, ...(probe.length > 0 ? {probes: probe} : {})};
}
