import * as vscode from 'vscode';
import type { Span } from '../core/ir';
import { LineIndex } from '../core/lineIndex';

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
  private readonly lines: LineIndex;
  private readonly length: number;

  constructor(text: string) {
    this.lines = new LineIndex(text);
    this.length = text.length;
  }

  positionAt(offset: number): vscode.Position {
    const { line, column } = this.lines.position(Math.max(0, Math.min(offset, this.length)));
    return new vscode.Position(line - 1, column - 1);
  }
}
