/**
 * The Ink patch reads a node's computed layout again only when Yoga says it computed it again
 * (hasNewLayout); every other node is drawn from the numbers read last frame. This checks
 * that promise on the Yoga build Ink uses: random trees of boxes and measured text, random
 * changes of the kinds a frame makes, and every node Yoga does not flag still reads the same.
 */
import {describe, expect, it} from 'vitest';
import Yoga, {type Node} from 'yoga-layout';

function random(seed: number): (n: number) => number {
	let state = seed;
	return (n) => {
		state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
		return state % n;
	};
}

type TestNode = Node & {textWidth?: number};

function read(node: Node): string {
	return [
		node.getDisplay(),
		node.getComputedLeft(),
		node.getComputedTop(),
		node.getComputedWidth(),
		node.getComputedHeight(),
		node.getComputedBorder(Yoga.EDGE_LEFT),
		node.getComputedPadding(Yoga.EDGE_LEFT),
	].join(',');
}

/** Yoga hands out a new wrapper for getChild(); Ink keeps the one it created, and so does this. */
interface Tree {
	all: TestNode[];
	parentOf: Map<TestNode, TestNode>;
	childrenOf: Map<TestNode, TestNode[]>;
}

function attached(tree: Tree, root: TestNode): TestNode[] {
	const out: TestNode[] = [];
	const walk = (node: TestNode): void => {
		out.push(node);
		for (const child of tree.childrenOf.get(node) ?? []) walk(child);
	};
	walk(root);
	return out;
}

describe('Ink patch: layout read again only where Yoga laid out again', () => {
	it('leaves no node with stale numbers after text, size, visibility and children change', () => {
		const r = random(12_345);
		let checked = 0;
		let stale = 0;
		for (let trial = 0; trial < 150; trial++) {
			const tree: Tree = {all: [], parentOf: new Map(), childrenOf: new Map()};
			const adopt = (parent: TestNode, child: TestNode, index: number): void => {
				parent.insertChild(child, index);
				tree.parentOf.set(child, parent);
				const siblings = tree.childrenOf.get(parent) ?? [];
				siblings.splice(index, 0, child);
				tree.childrenOf.set(parent, siblings);
			};
			const make = (depth: number): TestNode => {
				const node: TestNode = Yoga.Node.create();
				tree.all.push(node);
				if (depth > 0 && r(3) > 0) {
					node.setFlexDirection(r(2) ? Yoga.FLEX_DIRECTION_ROW : Yoga.FLEX_DIRECTION_COLUMN);
					if (r(3) === 0) node.setOverflow(Yoga.OVERFLOW_HIDDEN);
					if (r(4) === 0) node.setBorder(Yoga.EDGE_ALL, 1);
					if (r(3) === 0) node.setWidth(5 + r(50));
					if (r(3) === 0) node.setHeight(1 + r(20));
					if (r(3) === 0) node.setFlexGrow(1);
					const children = 1 + r(4);
					for (let i = 0; i < children; i++) adopt(node, make(depth - 1), i);
				} else if (r(2)) {
					node.setWidth(1 + r(30));
					node.setHeight(1 + r(3));
				} else {
					// A text node: Ink measures it, and marks it dirty when its text changes.
					node.textWidth = 1 + r(40);
					node.setMeasureFunc((width, mode) => ({
						width: Math.min(node.textWidth!, mode === Yoga.MEASURE_MODE_UNDEFINED ? node.textWidth! : width),
						height: 1,
					}));
				}
				return node;
			};
			const root = make(4);
			root.setWidth(200);
			root.setHeight(50);
			root.calculateLayout(200, 50, Yoga.DIRECTION_LTR);
			const seen = new Map<Node, string>();
			for (const node of attached(tree, root)) {
				seen.set(node, read(node));
				node.markLayoutSeen();
			}
			for (let step = 0; step < 20; step++) {
				const leaves = attached(tree, root).filter(
					(node) => node !== root && (tree.childrenOf.get(node)?.length ?? 0) === 0,
				);
				if (leaves.length === 0) break;
				const target = leaves[r(leaves.length)]!;
				const parent = tree.parentOf.get(target)!;
				const siblings = tree.childrenOf.get(parent)!;
				switch (r(5)) {
					case 0:
						if (target.textWidth === undefined) target.setWidth(1 + r(30));
						else {
							target.textWidth = 1 + r(40);
							target.markDirty();
						}
						break;
					case 1:
						target.setHeight(1 + r(3));
						break;
					case 2:
						target.setDisplay(r(2) ? Yoga.DISPLAY_NONE : Yoga.DISPLAY_FLEX);
						break;
					case 3:
						if (siblings.length > 1) {
							parent.removeChild(target);
							siblings.splice(siblings.indexOf(target), 1);
						}
						break;
					default: {
						const added: TestNode = Yoga.Node.create();
						added.setWidth(1 + r(10));
						added.setHeight(1);
						tree.all.push(added);
						adopt(parent, added, r(siblings.length + 1));
					}
				}
				root.calculateLayout(200, 50, Yoga.DIRECTION_LTR);
				for (const node of attached(tree, root)) {
					const now = read(node);
					if (seen.has(node) && !node.hasNewLayout()) {
						checked++;
						if (seen.get(node) !== now) stale++;
					}
					seen.set(node, now);
					node.markLayoutSeen();
				}
			}
		}
		expect(checked).toBeGreaterThan(1000);
		expect(stale).toBe(0);
	});
});
