/**
 * Ink's output as patched (patches/ink+6.8.0.patch, output.js): every write is first turned
 * into the strings it puts on each row, a row of side-by-side writes is then joined as
 * strings, and a line that fits its clip is not sliced. Each shortcut must draw exactly what
 * Ink draws cell by cell. The cases below change what is around text that React did not
 * render again (a memoised row): its words (from a child that rendered on its own), its
 * place, its transform and its clip; they also overlap two writes (the cell-by-cell path)
 * and put wide characters beside narrow ones.
 */
import React, {memo, useState} from 'react';
import {Box, Text, Transform, render} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {FakeStdin, FakeStdout} from './harness.js';

let unmount: (() => void) | null = null;
afterEach(() => {
	unmount?.();
	unmount = null;
});

const settle = async (): Promise<void> => {
	for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Renders `view(props)` at 30×6 (Ink's debug mode: every frame is written whole). New props
 * go through React state, as the console's own updates do: Ink's rerender() would render every
 * text again (it hands its contexts new values), and nothing would be left to reuse.
 */
async function draw<P>(
	view: (props: P) => React.ReactElement,
	initial: P,
): Promise<{frame: () => string; update: (next: P) => Promise<string>}> {
	let setProps: (next: P) => void = () => {};
	const Root = () => {
		const [props, set] = useState(initial);
		setProps = set;
		return view(props);
	};
	const stdout = new FakeStdout(30, 6);
	const instance = render(<Root />, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
		stderr: new FakeStdout(30, 6) as unknown as NodeJS.WriteStream,
		debug: true,
		patchConsole: false,
	});
	unmount = () => {
		instance.unmount();
		instance.cleanup();
	};
	await settle();
	const frame = (): string => stdout.frames.at(-1) ?? '';
	return {
		frame,
		async update(next) {
			setProps(next);
			await settle();
			return frame();
		},
	};
}

/** A label that React renders once: its props never change. */
const Label = memo(({text}: {text: string}) => <Text>{text}</Text>);

describe('Ink output shortcuts draw what Ink would', () => {
	it('shows new words from a child that rendered on its own inside an unchanged text', async () => {
		let setValue: (value: string) => void = () => {};
		const Value = () => {
			const [value, set] = useState('12%');
			setValue = set;
			return <Text>{value}</Text>;
		};
		const Line = memo(() => (
			<Text>
				cpu <Value />
			</Text>
		));
		const screen = await draw(() => <Line />, {});
		expect(screen.frame()).toBe('cpu 12%');
		setValue('13%');
		await settle();
		expect(screen.frame()).toBe('cpu 13%');
	});

	it('moves unchanged text to its new row and column', async () => {
		const Layout = ({before, above}: {before: string; above: number}) => (
			<Box flexDirection="column">
				{above > 0 ? <Text>{'-\n'.repeat(above).trimEnd()}</Text> : null}
				<Box>
					<Text>{before}</Text>
					<Label text="12%" />
				</Box>
			</Box>
		);
		const screen = await draw(Layout, {before: 'cpu ', above: 0});
		expect(screen.frame()).toBe('cpu 12%');
		expect(await screen.update({before: 'memory ', above: 0})).toBe('memory 12%');
		expect(await screen.update({before: 'memory ', above: 2})).toBe('-\n-\nmemory 12%');
	});

	it('applies a changed transform to unchanged text', async () => {
		const shout = (line: string) => line.toUpperCase();
		const whisper = (line: string) => line.toLowerCase();
		const Shown = ({transform}: {transform: (line: string) => string}) => (
			<Transform transform={transform}>
				<Label text="Guests" />
			</Transform>
		);
		const screen = await draw(Shown, {transform: shout});
		expect(screen.frame()).toBe('GUESTS');
		expect(await screen.update({transform: whisper})).toBe('guests');
	});

	it('cuts unchanged text to a clip that shrank, and shows it whole when it fits again', async () => {
		const Clipped = ({width}: {width: number}) => (
			<Box width={width} overflow="hidden">
				<Box width={10} flexShrink={0}>
					<Label text="abcdefghij" />
				</Box>
			</Box>
		);
		const screen = await draw(Clipped, {width: 20});
		expect(screen.frame()).toBe('abcdefghij');
		expect(await screen.update({width: 4})).toBe('abcd');
		expect(await screen.update({width: 20})).toBe('abcdefghij');
	});

	it('draws the later of two overlapping writes on top', async () => {
		const Overlap = ({top}: {top: string}) => (
			<Box width={20} height={1}>
				<Label text="aaaaaaaaaa" />
				<Box position="absolute" marginLeft={3}>
					<Text>{top}</Text>
				</Box>
			</Box>
		);
		const screen = await draw(Overlap, {top: 'XY'});
		expect(screen.frame()).toBe('aaaXYaaaaa');
		expect(await screen.update({top: 'Z'})).toBe('aaaZaaaaaa');
	});

	it('keeps wide characters in their columns', async () => {
		const screen = await draw(
			() => (
				<Box>
					<Label text="日本" />
					<Box marginLeft={2}>
						<Text>ok</Text>
					</Box>
				</Box>
			),
			{},
		);
		expect(screen.frame()).toBe('日本  ok');
	});
});

describe('Ink frames built without per-step allocations draw what Ink would', () => {
	it('keeps colour codes and drops cursor and screen controls a text carries', async () => {
		const Styled = ({text}: {text: string}) => (
			<Text>
				<Text>{text}</Text> ok
			</Text>
		);
		const screen = await draw(Styled, {text: 'up'});
		expect(screen.frame()).toBe('up ok');
		expect(await screen.update({text: 'x\u001B[1;4my\u001B[m'})).toBe('x\u001B[1;4my\u001B[m ok');
		// A clear-screen, a cursor move, a private mode and a C1 control never reach the terminal.
		expect(await screen.update({text: 'a\u001B[2Jb\u001B[5;1Hc\u009B2Jd\u001B[?25le'})).toBe('abcde ok');
		expect(await screen.update({text: 'a\u001B[31mb\u001B'})).toBe('a\u001B[31mb ok');
	});

	it('puts a bordered pane beside another row by row', async () => {
		const Panes = ({left, right}: {left: string; right: string}) => (
			<Box>
				<Box borderStyle="single" width={8}>
					<Text>{left}</Text>
				</Box>
				<Box borderStyle="single" width={8}>
					<Text>{right}</Text>
				</Box>
			</Box>
		);
		const screen = await draw(Panes, {left: 'a', right: 'b'});
		expect(screen.frame()).toBe('┌──────┐┌──────┐\n│a     ││b     │\n└──────┘└──────┘');
		expect(await screen.update({left: 'abc', right: ''})).toBe('┌──────┐┌──────┐\n│abc   ││      │\n└──────┘└──────┘');
	});

	it('wraps text wider than its box, and inside padding', async () => {
		const Wrapped = ({text, padded}: {text: string; padded: boolean}) => (
			<Box width={6} paddingX={padded ? 1 : 0}>
				<Text>{text}</Text>
			</Box>
		);
		const screen = await draw(Wrapped, {text: 'abc def', padded: false});
		expect(screen.frame()).toBe('abc\ndef');
		expect(await screen.update({text: 'abcd', padded: false})).toBe('abcd');
		expect(await screen.update({text: 'ab c', padded: true})).toBe(' ab c');
		expect(await screen.update({text: 'ab cd', padded: true})).toBe(' ab\n cd');
		expect(await screen.update({text: 'abc def', padded: true})).toBe(' abc\n def');
	});

	it('takes away a style or a prop that is no longer given', async () => {
		const Toggled = ({on}: {on: boolean}) => (
			<Box {...(on ? {borderStyle: 'single' as const, paddingLeft: 1} : {})} width={6}>
				<Text>ok</Text>
			</Box>
		);
		const screen = await draw(Toggled, {on: true});
		expect(screen.frame()).toBe('┌────┐\n│ ok │\n└────┘');
		expect(await screen.update({on: false})).toBe('ok');
		expect(await screen.update({on: true})).toBe('┌────┐\n│ ok │\n└────┘');
	});
});

/** A box that React renders once: nothing in it changes unless its own child does. */
const Pane = memo(({text, width = 6}: {text: string; width?: number}) => (
	<Box width={width} flexShrink={0}>
		<Text>{text}</Text>
	</Box>
));

describe('a box nothing changed in is drawn from its last frame, as Ink would draw it', () => {
	it('keeps an unchanged pane beside one that changed, and moves it with what is above it', async () => {
		const Panes = ({left, above}: {left: string; above: number}) => (
			<Box flexDirection="column">
				{above > 0 ? <Text>{'-\n'.repeat(above).trimEnd()}</Text> : null}
				<Box>
					<Box width={6} flexShrink={0}>
						<Text>{left}</Text>
					</Box>
					<Pane text="right" />
				</Box>
			</Box>
		);
		const screen = await draw(Panes, {left: 'a', above: 0});
		expect(screen.frame()).toBe('a     right');
		expect(await screen.update({left: 'b', above: 0})).toBe('b     right');
		expect(await screen.update({left: 'b', above: 1})).toBe('-\nb     right');
		expect(await screen.update({left: 'abc', above: 1})).toBe('-\nabc   right');
	});

	it('shows a change made by a child deep inside an unchanged box', async () => {
		let setValue: (value: string) => void = () => {};
		const Value = () => {
			const [value, set] = useState('12%');
			setValue = set;
			return <Text>{value}</Text>;
		};
		const Rows = memo(() => (
			<Box flexDirection="column">
				<Pane text="cpu" />
				<Box>
					<Box width={4}>
						<Value />
					</Box>
				</Box>
			</Box>
		));
		const screen = await draw(() => <Rows />, {});
		expect(screen.frame()).toBe('cpu\n12%');
		setValue('7%');
		await settle();
		expect(screen.frame()).toBe('cpu\n7%');
	});

	it('shows rows a child added or took away inside an unchanged box', async () => {
		let setCount: (count: number) => void = () => {};
		const List = () => {
			const [count, set] = useState(1);
			setCount = set;
			return (
				<Box flexDirection="column">
					{Array.from({length: count}, (_, i) => (
						<Text key={i}>row {i}</Text>
					))}
				</Box>
			);
		};
		const Framed = memo(() => (
			<Box flexDirection="column">
				<Pane text="top" />
				<List />
				<Pane text="end" />
			</Box>
		));
		const screen = await draw(() => <Framed />, {});
		expect(screen.frame()).toBe('top\nrow 0\nend');
		setCount(3);
		await settle();
		expect(screen.frame()).toBe('top\nrow 0\nrow 1\nrow 2\nend');
		setCount(0);
		await settle();
		expect(screen.frame()).toBe('top\nend');
	});

	it('cuts an unchanged box to the clip of a parent that shrank, and whole again when it grew', async () => {
		const Clipped = ({width}: {width: number}) => (
			<Box width={width} overflow="hidden">
				<Pane text="abcdefghij" width={10} />
			</Box>
		);
		const screen = await draw(Clipped, {width: 20});
		expect(screen.frame()).toBe('abcdefghij');
		expect(await screen.update({width: 4})).toBe('abcd');
		expect(await screen.update({width: 20})).toBe('abcdefghij');
	});

	it('lays an unchanged box out again when its parent gives it another width', async () => {
		const Sized = ({width}: {width: number}) => (
			<Box width={width}>
				<Box flexGrow={1} borderStyle="single">
					<Label text="ok" />
				</Box>
			</Box>
		);
		const screen = await draw(Sized, {width: 6});
		expect(screen.frame()).toBe('┌────┐\n│ok  │\n└────┘');
		expect(await screen.update({width: 8})).toBe('┌──────┐\n│ok    │\n└──────┘');
	});
});
