/**
 * The console's only way to put text on the screen: Ink's `<Text>`, with every string child
 * passed through the one sanitiser first (source/text/visible.ts). Much of what the panes show
 * came from a host or a guest; whatever it holds, no escape sequence reaches the terminal,
 * no newline adds a row to a one-line row, and a tab takes real cells. Screens import `Text`
 * from here, never from 'ink' (test/unit/screen-text-boundary.test.ts checks that).
 */
import React from 'react';
import {Text as InkText} from 'ink';
import {visibleText} from '../../source/text/visible.js';

type InkTextProps = React.ComponentProps<typeof InkText>;

const SCREEN = {tabWidth: 4} as const;

function visibleChildren(children: React.ReactNode): React.ReactNode {
	if (typeof children === 'string') return visibleText(children, SCREEN);
	// Nested <Text> elements are this component again and clean their own strings.
	if (Array.isArray(children)) return children.map(visibleChildren);
	// A fragment's strings are this Text's strings: a row built as <>{cells}</> is cleaned too.
	if (React.isValidElement<{children?: React.ReactNode}>(children) && children.type === React.Fragment)
		return React.cloneElement(children, undefined, ...visibleList(children.props.children));
	return children;
}

/**
 * Children written side by side in JSX, cleaned and handed on side by side again: handed on as
 * one array, React would take them for a list and ask each for a key.
 */
function visibleList(children: React.ReactNode): React.ReactNode[] {
	return Array.isArray(children) ? children.map(visibleChildren) : [visibleChildren(children)];
}

export function Text(props: InkTextProps): React.ReactNode {
	return React.createElement(InkText, props, ...visibleList(props.children));
}
