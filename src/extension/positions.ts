import * as vscode from 'vscode';
import type { Span } from '../core/ir';

/** Anything that turns a character offset into a position: a TextDocument or {@link TextPositions}. */
export interface PositionSource {
  positionAt(offset: number): vscode.Position;
}

/** The one place where core's offsets become editor ranges. */
export function toRange(source: PositionSource, span: Span): vscode.Range {
  return new vscode.Range(source.positionAt(span.start), source.positionAt(span.end));
}

/** Offset → position over plain text (files read from disk without opening a document). */
export class TextPositions implements PositionSource {
  /** Offsets at which each line starts; line breaks are `\r\n`, `\n` or `\r`, as in VS Code. */
  private readonly lineStarts: number[] = [0];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (let offset = 0; offset < text.length; offset++) {
      const char = text.charCodeAt(offset);
      if (char === 13 /* \r */ && text.charCodeAt(offset + 1) === 10 /* \n */) offset++;
      if (char === 10 || char === 13) this.lineStarts.push(offset + 1);
    }
  }

  positionAt(offset: number): vscode.Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return new vscode.Position(low, clamped - this.lineStarts[low]);
  }
}
