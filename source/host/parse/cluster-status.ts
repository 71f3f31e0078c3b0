/**
 * `pvesh get /cluster/status --output-format json`: one `cluster` entry (absent on a standalone
 * node) and one `node` entry per member, with the `local` flag marking the node we talk to.
 * Shape per the PVE API schema: cluster {name, quorate, nodes, version}; node {name, online,
 * local, ip, nodeid, level}; all flags are 0/1.
 */
import type {Cluster} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseJson, isRecord, unwrapApiData} from './json.js';
import {numberOr, toBoolean, toInteger, toText} from './units.js';

export const CLUSTER_STATUS_COMMAND = 'pvesh get /cluster/status';

export interface ClusterStatusNode {
	name: string;
	online: boolean;
	local: boolean;
	ip?: string;
	nodeid?: number;
}

export interface ClusterStatus {
	cluster?: Cluster;
	nodes: ClusterStatusNode[];
}

export function parseClusterStatus(text: string): ParseResult<ClusterStatus> {
	return guardParse(CLUSTER_STATUS_COMMAND, () => {
		const json = parseJson(CLUSTER_STATUS_COMMAND, text);
		if (!json.ok) return json;
		const data = unwrapApiData(json.value);
		if (!Array.isArray(data)) return parseFailure(CLUSTER_STATUS_COMMAND, 'expected a JSON array');
		const result: ClusterStatus = {nodes: []};
		const warnings: string[] = [];
		for (const [index, entry] of data.entries()) {
			if (!isRecord(entry)) {
				warnings.push(`entry ${index + 1} is not an object`);
				continue;
			}
			const type = toText(entry['type']);
			if (type === 'cluster') {
				result.cluster = {
					name: toText(entry['name']),
					quorate: toBoolean(entry['quorate']),
					nodes: numberOr(entry['nodes'], 0),
				};
			} else if (type === 'node') {
				const name = toText(entry['name']);
				if (name === '') {
					warnings.push(`node entry ${index + 1} has no name`);
					continue;
				}
				const node: ClusterStatusNode = {
					name,
					online: toBoolean(entry['online']),
					local: toBoolean(entry['local']),
				};
				const ip = toText(entry['ip']);
				if (ip !== '') node.ip = ip;
				const nodeid = toInteger(entry['nodeid']);
				if (nodeid !== null) node.nodeid = nodeid;
				result.nodes.push(node);
			}
		}
		return parsed(result, warnings);
	});
}
