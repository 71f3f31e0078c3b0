/**
 * `--pane` draws one pane with no border and no title line: the pane's own title moves into
 * the one header line. The panes stay the same components; PaneFrame reads this context and
 * drops its chrome, and framedSize() gives a pane the size whose content area is exactly the
 * room it has, so every pane's windowing (rows that fit, columns that fit) is unchanged.
 */
import React, {createContext, useContext} from 'react';

const BareFrameContext = createContext(false);

export function BareFrames({children}: {children: React.ReactNode}): React.ReactNode {
	return <BareFrameContext.Provider value={true}>{children}</BareFrameContext.Provider>;
}

export function useBareFrame(): boolean {
	return useContext(BareFrameContext);
}

/** PaneFrame takes 2 columns of border and 3 rows of border and title: give them back. */
export function framedSize(width: number, height: number): {width: number; height: number} {
	return {width: width + 2, height: height + 3};
}
