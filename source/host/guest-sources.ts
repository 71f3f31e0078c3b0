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
}

const VPN_HINT = /^(wireguard|wg|vpn|vpn-gateway)$/i;
const VPN_NAME = /wireguard|^wg[-_]|vpn/i;
const DOCKER_HINT = /^(docker|podman|compose)$/i;
const DOCKER_NAME = /docker|podman/i;

function candidates(guests: readonly GuestLike[]): GuestLike[] {
	// Only running containers: `pct exec` needs a running CT, and VMs have no `pct exec`.
	return guests.filter((g) => g.type === 'lxc' && g.status === 'running' && !g.template);
}

export function chooseGuestSources(guests: readonly GuestLike[], choice: SourceChoice = {}): GuestSources {
	const running = candidates(guests);
	let vpnGateway: number | null = null;
	if (typeof choice.vpnGateway === 'number') {
		vpnGateway = running.some((g) => g.vmid === choice.vpnGateway) ? choice.vpnGateway : null;
	} else if (choice.vpnGateway !== null) {
		const tagged = running.find((g) => g.tags.some((t) => VPN_HINT.test(t)));
		vpnGateway = (tagged ?? running.find((g) => VPN_NAME.test(g.name)))?.vmid ?? null;
	}

	const explicit = Array.isArray(choice.dockerHosts) ? new Set(choice.dockerHosts) : null;
	const dockerHosts = running
		.filter((g) => (explicit ? explicit.has(g.vmid) : g.tags.some((t) => DOCKER_HINT.test(t)) || DOCKER_NAME.test(g.name)))
		.map((g) => ({vmid: g.vmid, runtime: g.tags.some((t) => /^podman$/i.test(t)) || /podman/i.test(g.name) ? ('podman' as const) : ('docker' as const)}));
	return {vpnGateway, dockerHosts};
}
