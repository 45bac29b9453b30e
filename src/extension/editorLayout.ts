// Editor group sizes for the shape table, kept free of `vscode` so they can be unit-tested in Node.

/** The argument of `vscode.setEditorLayout` and answer of `vscode.getEditorLayout` (sizes in pixels). */
export interface EditorLayout {
  /** 0: groups side by side; 1: stacked. */
  orientation: 0 | 1;
  groups: GroupLayout[];
}

export interface GroupLayout {
  size?: number;
  groups?: GroupLayout[];
}

/** The most of the window a widened group takes: the model beside it stays readable. */
const MAX_SHARE = 0.7;

/**
 * The pixels a text editor needs to show `columns` characters without scrolling: the text at a
 * monospace advance of 0.6 em, plus the line numbers, the minimap and the scroll bar.
 */
export function editorWidthFor(columns: number, fontSize: number): number {
  const characterWidth = fontSize * 0.6;
  return Math.ceil((columns + 12) * characterWidth + 100);
}

/**
 * The layout in which group `index` of a side-by-side row is at least `width` pixels wide (at most
 * {@link MAX_SHARE} of the row), the others narrowed in proportion; undefined when it already is,
 * or when the layout is not one row of groups (a grid the user arranged is left alone).
 */
export function widenedLayout(layout: EditorLayout, index: number, width: number): EditorLayout | undefined {
  const { groups } = layout;
  if (layout.orientation !== 0 || groups.some((group) => group.groups || !group.size) || index < 0 || index >= groups.length) return undefined;
  const sizes = groups.map((group) => group.size as number);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const target = Math.min(width, total * MAX_SHARE);
  if (sizes[index] >= target || groups.length < 2) return undefined;
  const others = total - sizes[index];
  const scale = (total - target) / others;
  return { orientation: 0, groups: sizes.map((size, position) => ({ size: position === index ? target : size * scale })) };
}
