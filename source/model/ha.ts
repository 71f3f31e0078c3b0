/** Proxmox HA, the part of the snapshot read from `ha-manager status`. */

/**
 * Proxmox HA as `ha-manager status` shows it. Times are kept as the host printed them (its
 * local time, without a zone). A host with no HA resources shows the quorum line only.
 */
export interface HaStatus {
	/** `OK`, or what ha-manager said instead (`No quorum on node 'pve1'!`). */
	quorum: string;
	/** The cluster resource manager's master, when one has been elected. */
	master?: {node: string; state: string; time?: string};
	/** The `fencing …` line of PVE 9 (`armed (CRM watchdog active)`), when printed. */
	fencing?: string;
	/** One local resource manager per node: `active`, `idle`, `old timestamp - dead?`... */
	lrms: {node: string; state: string; watchdog?: string; time?: string}[];
	services: HaService[];
}

export interface HaService {
	/** `ct:<vmid>` or `vm:<vmid>`. */
	sid: string;
	vmid: number;
	node: string;
	/** started, stopped, error, fence, migrate, recovery... */
	state: string;
}
