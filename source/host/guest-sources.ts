/**
 * Which guests the collector looks inside: the WireGuard gateway (for `wg show` in the
 * guest) and the Docker/Podman hosts (for their containers and compose stacks). The context
 * config can name them; otherwise tags and names decide, the way homelabs label them.
 */
import type {GuestSources} from './sections.js';

export interface SourceChoice {
	/** The VPN gateway guest: a vmid, null for none, or 'auto' (default). */
	vpnGateway?: number | null | 'auto';
	/** Docker hosts: explicit vmids or 'auto' (default). */
	dockerHosts?: number[] | 'auto';
}

interface GuestLike {
	vmid: number;
	name: string;
	type: 'lxc' | 'qemu';
	status: string;
	template: boolean;
	tags: string[];
	nics?: {ip?: string; gw?: string}[];
}

const VPN_HINT = /^(wireguard|wg|vpn|vpn-gateway)$/i;
const VPN_NAME = /wireguard|^wg[-_]|vpn/i;
const DOCKER_HINT = /^(docker|podman|compose)$/i;
const DOCKER_NAME = /docker|podman/i;

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
	const gateways = new Set(
		all.flatMap((g) => (g.nics ?? []).map((n) => n.gw).filter((gw): gw is string => Boolean(gw))),
	);
	const byRoute = candidates.find((g) => (g.nics ?? []).some((n) => n.ip && gateways.has(n.ip.replace(/\/\d+$/, ''))));
	const byName = candidates.find((g) => /wireguard|^wg/i.test(g.name));
	return (byRoute ?? byName ?? candidates[0])?.vmid ?? null;
}

export function chooseGuestSources(guests: readonly GuestLike[], choice: SourceChoice = {}): GuestSources {
	const running = candidates(guests);
	let vpnGateway: number | null = null;
	if (typeof choice.vpnGateway === 'number') {
		vpnGateway = running.some((g) => g.vmid === choice.vpnGateway) ? choice.vpnGateway : null;
	} else if (choice.vpnGateway !== null) {
		vpnGateway = autoVpnGateway(guests, running);
	}

	const explicit = Array.isArray(choice.dockerHosts) ? new Set(choice.dockerHosts) : null;
	const dockerHosts = running
		.filter((g) =>
			explicit ? explicit.has(g.vmid) : g.tags.some((t) => DOCKER_HINT.test(t)) || DOCKER_NAME.test(g.name),
		)
		.map((g) => ({
			vmid: g.vmid,
			runtime:
				g.tags.some((t) => /^podman$/i.test(t)) || /podman/i.test(g.name) ? ('podman' as const) : ('docker' as const),
		}));
	return {vpnGateway, dockerHosts};
}
