/**
 * The mechanics view: the stretched, padded input, the flipped kernel sliding over it step by step
 * and the output filling in; hovering (or moving the keyboard cursor over) a cell highlights
 * where it comes from or what it reaches.
 */
import { cssColorAt, rangeOf, scalePosition, type Range } from './colorScale';
import { el } from './dom';
import { axisGeometry, contributionsTo, outputsReachedBy, paddedCell, type AxisGeometry } from './mechanicsGeometry';

/** What the view draws: one or two axes (1-D layers get a trivial row axis). */
export interface MechanicsData {
  axes: AxisGeometry[];
  input: Float32Array;
  weight: Float32Array;
  output: Float32Array;
}

type GridName = 'padded' | 'kernel' | 'output';

/** An axis of length one that maps everything onto itself, so 1-D draws as one row. */
export const IDENTITY_AXIS = axisGeometry(1, 1, 1, 0, 0, 0, 1);

const PLAY_INTERVAL_MS = 350;

/** Cell sizes in CSS pixels: input and output cells shrink to fit the panel, kernel cells stay readable. */
const MAX_CELL = 30;
const MIN_CELL = 6;
/** Below this, input and output cells show their values only on hover (the status line and tooltip). */
const MIN_TEXT_CELL = 18;
const KERNEL_CELL = 34;
/** Pixels between the three grids, and what each grid's 1-pixel gaps and border add per cell. */
const GRID_GAP = 16;
const CELL_GAP = 1;
/** Height kept free for the toolbar, the captions and the status line when the view is scrolled into sight. */
const RESERVED_HEIGHT = 150;
/** What stacking adds: a second caption row and the gap between the rows. */
const STACKED_EXTRA_HEIGHT = 40;
/** Stacking breaks the left-to-right reading (input, kernel, output); only worth it for clearly larger cells. */
const MIN_STACKING_GAIN = 4;

export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

class Grid {
  readonly element: HTMLElement;
  readonly cells: HTMLElement[] = [];
  cursor = 0;
  private marked: HTMLElement[] = [];

  constructor(
    readonly name: GridName,
    readonly rows: number,
    readonly columns: number,
    label: string,
    describe: (row: number, column: number) => { text: string; classes: string[]; title: string },
  ) {
    this.element = el('div', { class: `grid grid-${name}`, role: 'grid', tabindex: 0, 'aria-label': label });
    this.element.style.setProperty('--columns', String(columns));
    for (let row = 0; row < rows; row++) {
      const rowElement = el('div', { class: 'grid-row', role: 'row' });
      for (let column = 0; column < columns; column++) {
        const { text, classes, title } = describe(row, column);
        const cell = el('div', {
          class: ['cell', ...classes].join(' '),
          role: 'gridcell',
          id: `${name}-${row}-${column}`,
          'data-row': row,
          'data-column': column,
          title,
          'aria-label': title,
          text,
        });
        this.cells.push(cell);
        rowElement.append(cell);
      }
      this.element.append(rowElement);
    }
  }

  /** Draws the cells `size` pixels wide, with their values as text where they are large enough to read. */
  resize(size: number): void {
    this.element.style.setProperty('--cell', `${size}px`);
    this.element.style.setProperty('--cell-font', `${Math.min(13, Math.max(9, Math.round(size * 0.36)))}px`);
    this.element.classList.toggle('compact', size < MIN_TEXT_CELL);
  }

  cell(row: number, column: number): HTMLElement | undefined {
    return row >= 0 && row < this.rows && column >= 0 && column < this.columns ? this.cells[row * this.columns + column] : undefined;
  }

  mark(cell: HTMLElement | undefined, className: string): void {
    if (!cell) return;
    cell.classList.add(className);
    this.marked.push(cell);
  }

  clearMarks(): void {
    for (const cell of this.marked) cell.classList.remove('window', 'source', 'target', 'tap', 'active');
    this.marked = [];
  }
}

export class MechanicsView {
  readonly element: HTMLElement;
  private readonly gridsElement: HTMLElement;
  private readonly status: HTMLElement;
  private readonly stepLabel: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly toolbarButtons: HTMLButtonElement[];
  private data: MechanicsData | undefined;
  private grids: Record<GridName, Grid> | undefined;
  private step = 0;
  private timer: number | undefined;
  private hover: { grid: GridName; row: number; column: number } | undefined;

  constructor(
    private readonly onStepChange: (step: number) => void,
    note: HTMLElement,
  ) {
    const button = (label: string, text: string, action: () => void) => {
      const element = el('button', { type: 'button', 'aria-label': label, title: label, text });
      element.addEventListener('click', action);
      return element;
    };
    this.playButton = button('Play', 'Play', () => this.togglePlay());
    this.stepLabel = el('span', { class: 'step-label', 'aria-live': 'polite' });
    this.status = el('p', { class: 'mechanics-status', 'aria-live': 'polite' });
    this.gridsElement = el('div', { class: 'mechanics-grids' });
    this.toolbarButtons = [
      button('Reset', 'Reset', () => this.setStep(0)),
      button('Step back', '◀ Step', () => this.setStep(this.step - 1)),
      this.playButton,
      button('Step forward', 'Step ▶', () => this.setStep(this.step + 1)),
    ];
    this.element = el(
      'section',
      { class: 'mechanics', 'aria-label': 'Mechanics' },
      note,
      el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Animation' }, ...this.toolbarButtons, this.stepLabel),
      this.gridsElement,
      this.status,
    );
    // The grids follow the panel's size (the side group, maximised, a resized window).
    new ResizeObserver(() => this.fit()).observe(this.gridsElement);
    window.addEventListener('resize', () => this.fit());
  }

  /**
   * Sizes the cells so that the stretched input, the kernel and the output are all in sight at
   * once, within the panel's width and (scrolled to) its height: watching the kernel slide and the
   * output fill in needs all three. Side by side where that gives cells at least nearly as large
   * as stacking does (the input on a row of its own, kernel and output below it).
   */
  private fit(): void {
    const grids = this.grids;
    const width = this.gridsElement.clientWidth;
    if (!grids || width === 0) return;
    const height = Math.max(120, window.innerHeight - RESERVED_HEIGHT);
    const { padded, kernel, output } = grids;
    const perCell = (pixels: number, cells: number) => Math.floor(pixels / cells) - CELL_GAP;
    const kernelCell = Math.max(MIN_CELL, Math.min(KERNEL_CELL, perCell(height, kernel.rows), perCell(width * 0.3, kernel.columns)));
    const kernelWidth = kernel.columns * (kernelCell + CELL_GAP) + CELL_GAP;
    const sideBySide = Math.min(perCell(width - 2 * GRID_GAP - kernelWidth, padded.columns + output.columns), perCell(height, Math.max(padded.rows, output.rows)));
    const stacked = Math.min(
      perCell(width, padded.columns),
      perCell(width - GRID_GAP - kernelWidth, output.columns),
      perCell(height - STACKED_EXTRA_HEIGHT, padded.rows + Math.max(output.rows, kernel.rows)),
    );
    const stack = stacked >= sideBySide + MIN_STACKING_GAIN;
    const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, stack ? stacked : sideBySide));
    this.gridsElement.classList.toggle('stacked', stack);
    padded.resize(cell);
    output.resize(cell);
    kernel.resize(kernelCell);
  }

  get totalSteps(): number {
    return this.data ? this.data.output.length : 0;
  }

  /** Shows nothing (for values the view cannot draw); the animation controls, which could not act, are disabled. */
  clear(): void {
    this.pause();
    this.data = undefined;
    this.grids = undefined;
    this.hover = undefined;
    this.gridsElement.replaceChildren();
    this.stepLabel.textContent = '';
    this.status.textContent = '';
    for (const control of this.toolbarButtons) control.disabled = true;
  }

  /** Redraws for new data; keeps the step where it still exists. */
  update(data: MechanicsData, step: number): void {
    this.data = data;
    const [rowAxis, columnAxis] = data.axes.length === 2 ? data.axes : [IDENTITY_AXIS, data.axes[0]];
    const inputColumns = columnAxis.input;
    const kernelColumns = columnAxis.kernel;
    const inputRange = rangeOf(data.input);
    const outputRange = rangeOf(data.output);
    const padded = new Grid(
      'padded',
      rowAxis.padded,
      columnAxis.padded,
      `Input stretched by ${rowAxis === IDENTITY_AXIS ? '' : `${rowAxis.stride - 1}×`}${columnAxis.stride - 1} inserted zeros and padded by d·(k−1)−p`,
      (row, column) => {
        const [r, c] = [paddedCell(rowAxis, row), paddedCell(columnAxis, column)];
        if (r.kind === 'input' && c.kind === 'input') {
          const value = data.input[r.index * inputColumns + c.index];
          return { text: formatValue(value), classes: ['input'], title: `input (${coords(data, r.index, c.index)}) = ${formatValue(value)}` };
        }
        const kind = r.kind === 'pad' || c.kind === 'pad' ? 'pad' : 'zero';
        return { text: kind === 'pad' ? '' : '0', classes: [kind], title: kind === 'pad' ? 'padding (zero)' : 'inserted zero' };
      },
    );
    const kernel = new Grid('kernel', rowAxis.kernel, columnAxis.kernel, 'Kernel, flipped as it slides over the stretched input', (row, column) => {
      const value = data.weight[(rowAxis.kernel - 1 - row) * kernelColumns + (columnAxis.kernel - 1 - column)];
      return { text: formatValue(value), classes: ['tap-cell'], title: `weight (${coords(data, rowAxis.kernel - 1 - row, columnAxis.kernel - 1 - column)}) = ${formatValue(value)}` };
    });
    const output = new Grid('output', rowAxis.output, columnAxis.output, 'Output', (row, column) => {
      const value = data.output[row * columnAxis.output + column];
      return { text: formatValue(value), classes: ['out'], title: `output (${coords(data, row, column)}) = ${formatValue(value)}` };
    });
    colourCells(padded, data.input, inputRange, (cell) => cell.classList.contains('input'), (row, column) => {
      const [r, c] = [paddedCell(rowAxis, row), paddedCell(columnAxis, column)];
      return r.kind === 'input' && c.kind === 'input' ? r.index * inputColumns + c.index : -1;
    });
    colourCells(output, data.output, outputRange, () => true, (row, column) => row * columnAxis.output + column);
    this.grids = { padded, kernel, output };
    this.gridsElement.replaceChildren(
      figure('Stretched and padded input', padded.element),
      figure('Kernel (flipped)', kernel.element),
      figure('Output', output.element),
    );
    for (const grid of [padded, kernel, output]) this.wireGrid(grid);
    for (const control of this.toolbarButtons) control.disabled = false;
    this.fit();
    this.hover = undefined;
    this.setStep(Math.min(step, this.totalSteps));
  }

  setStep(step: number): void {
    if (!this.data) return;
    this.step = Math.max(0, Math.min(this.totalSteps, step));
    if (this.step === this.totalSteps) this.pause();
    this.onStepChange(this.step);
    this.render();
  }

  togglePlay(): void {
    if (this.timer !== undefined) {
      this.pause();
      return;
    }
    if (this.step >= this.totalSteps) this.setStep(0);
    this.playButton.textContent = 'Pause';
    this.playButton.setAttribute('aria-label', 'Pause');
    this.timer = window.setInterval(() => this.setStep(this.step + 1), PLAY_INTERVAL_MS);
  }

  pause(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
    this.playButton.textContent = 'Play';
    this.playButton.setAttribute('aria-label', 'Play');
  }

  private wireGrid(grid: Grid): void {
    grid.element.addEventListener('pointerover', (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (cell) this.setHover(grid, Number(cell.dataset.row), Number(cell.dataset.column));
    });
    grid.element.addEventListener('pointerleave', () => this.clearHover());
    grid.element.addEventListener('focus', () => this.setHover(grid, Math.floor(grid.cursor / grid.columns), grid.cursor % grid.columns));
    grid.element.addEventListener('blur', () => this.clearHover());
    grid.element.addEventListener('keydown', (event) => {
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const row = Math.max(0, Math.min(grid.rows - 1, Math.floor(grid.cursor / grid.columns) + move[0]));
      const column = Math.max(0, Math.min(grid.columns - 1, (grid.cursor % grid.columns) + move[1]));
      this.setHover(grid, row, column);
    });
  }

  private setHover(grid: Grid, row: number, column: number): void {
    grid.cursor = row * grid.columns + column;
    grid.element.setAttribute('aria-activedescendant', `${grid.name}-${row}-${column}`);
    this.hover = { grid: grid.name, row, column };
    this.render();
  }

  private clearHover(): void {
    if (!this.hover) return;
    this.hover = undefined;
    this.render();
  }

  private render(): void {
    const { data, grids } = this;
    if (!data || !grids) return;
    const [rowAxis, columnAxis] = data.axes.length === 2 ? data.axes : [IDENTITY_AXIS, data.axes[0]];
    for (const grid of Object.values(grids)) grid.clearMarks();
    grids.output.cells.forEach((cell, index) => cell.classList.toggle('filled', index < this.step));
    this.stepLabel.textContent = `Step ${this.step} of ${this.totalSteps}`;

    const highlightOutput = (row: number, column: number, showWindow: boolean) => {
      grids.output.mark(grids.output.cell(row, column), 'active');
      const rowTaps = contributionsTo(rowAxis, row);
      const columnTaps = contributionsTo(columnAxis, column);
      if (showWindow) {
        for (let t = 0; t < rowAxis.kernel; t++) {
          for (let u = 0; u < columnAxis.kernel; u++) {
            grids.padded.mark(grids.padded.cell(row + t * rowAxis.dilation, column + u * columnAxis.dilation), 'window');
          }
        }
      }
      const terms: string[] = [];
      for (const r of rowTaps) {
        for (const c of columnTaps) {
          grids.padded.mark(grids.padded.cell(r.padded, c.padded), 'source');
          grids.kernel.mark(grids.kernel.cell(r.flippedTap, c.flippedTap), 'tap');
          const x = data.input[r.input * columnAxis.input + c.input];
          const w = data.weight[r.tap * columnAxis.kernel + c.tap];
          terms.push(`x(${coords(data, r.input, c.input)})·w(${coords(data, r.tap, c.tap)}) = ${formatValue(x)}·${formatValue(w)}`);
        }
      }
      const value = data.output[row * columnAxis.output + column];
      const shown = terms.length > 6 ? [...terms.slice(0, 6), `… ${terms.length - 6} more`] : terms;
      return `output (${coords(data, row, column)}) = ${formatValue(value)} — ${terms.length} input cell${terms.length === 1 ? '' : 's'} overlap here${terms.length ? `: ${shown.join(' + ')}` : ' (a gap: no input reaches it)'}.`;
    };

    let status: string;
    const hover = this.hover;
    if (hover?.grid === 'output') {
      status = highlightOutput(hover.row, hover.column, false);
    } else if (hover?.grid === 'padded') {
      const [r, c] = [paddedCell(rowAxis, hover.row), paddedCell(columnAxis, hover.column)];
      grids.padded.mark(grids.padded.cell(hover.row, hover.column), 'active');
      if (r.kind === 'input' && c.kind === 'input') {
        const rows = outputsReachedBy(rowAxis, r.index);
        const columns = outputsReachedBy(columnAxis, c.index);
        for (const q of rows) for (const p of columns) grids.output.mark(grids.output.cell(q, p), 'target');
        status = `input (${coords(data, r.index, c.index)}) reaches ${rows.length * columns.length} output cell${rows.length * columns.length === 1 ? '' : 's'}.`;
      } else {
        status = r.kind === 'pad' || c.kind === 'pad' ? 'Padding: d·(k−1) − p zeros around the stretched input.' : `Inserted zero: the stride puts s − 1 zeros between input samples.`;
      }
    } else if (hover?.grid === 'kernel') {
      grids.kernel.mark(grids.kernel.cell(hover.row, hover.column), 'active');
      status = grids.kernel.cell(hover.row, hover.column)?.title ?? '';
    } else if (this.step > 0) {
      const current = this.step - 1;
      status = highlightOutput(Math.floor(current / columnAxis.output), current % columnAxis.output, true);
    } else {
      status = 'Step forward or play to slide the flipped kernel over the stretched input. Hover a cell to trace it.';
    }
    this.status.textContent = status;
  }
}

/** Cell coordinates as written in the status line: `r, c` in 2-D, `c` in 1-D. */
function coords(data: MechanicsData, row: number, column: number): string {
  return data.axes.length === 2 ? `${row}, ${column}` : `${column}`;
}

function figure(caption: string, content: HTMLElement): HTMLElement {
  return el('figure', { class: 'grid-figure' }, el('figcaption', { text: caption }), content);
}

/** Tints cells by value on the shared scale (through CSSOM, which the CSP allows). */
function colourCells(grid: Grid, values: Float32Array, range: Range, applies: (cell: HTMLElement) => boolean, indexOf: (row: number, column: number) => number): void {
  grid.cells.forEach((cell, flat) => {
    if (!applies(cell)) return;
    const index = indexOf(Math.floor(flat / grid.columns), flat % grid.columns);
    if (index < 0) return;
    const position = scalePosition(values[index], range);
    cell.style.setProperty('--value-colour', cssColorAt(position));
    // Viridis is dark below about 0.6: light text there, dark text above.
    cell.style.setProperty('--value-text', position < 0.6 ? '#fff' : '#000');
  });
}
