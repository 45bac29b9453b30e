/**
 * Converts `yaml` document nodes into {@link SourceValue}s that keep their source offsets.
 * Aliases are expanded (their values keep the anchor's spans, the outermost one the alias's),
 * `<<` merge keys are honoured, and an expansion budget keeps alias bombs harmless.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { Code, type Diagnostic } from '../../diagnostics';
import type { SourceEntry, SourceValue, Span } from '../../ir';
import { readerDiagnostic } from '../sourceValues';

/** How many values one document may produce through aliases before expansion stops. */
const MAX_ALIAS_EXPANSION = 10_000;

type Resolved = Exclude<Node, { source: string }>;

export function spanOf(node: Node | null | undefined, fallback?: Span): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : (fallback ?? { start: 0, end: 0 });
}

/** Where a node's text ends, or `fallback` for an absent node (no span object: callers compare ends only). */
export function endOf(node: unknown, fallback: number): number {
  return (node as Node | null | undefined)?.range?.[1] ?? fallback;
}

/** Reads the values of one parsed document. */
export class YamlValueReader {
  private readonly anchors = new Map<string, Resolved[]>();
  private expansionLeft = MAX_ALIAS_EXPANSION;
  private readonly expanding = new Set<Resolved>();
  private budgetReported = false;

  constructor(
    private readonly text: string,
    document: Document.Parsed,
    private readonly diagnostics: Diagnostic[],
  ) {
    // Anchors only matter to aliases; without both in the text, skip the pass over every node.
    if (!text.includes('&') || !text.includes('*')) return;
    // One pass in document order; an alias refers to the last anchor of its name before it.
    visit(document, (_key, node) => {
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
        const list = this.anchors.get(node.anchor) ?? [];
        list.push(node);
        this.anchors.set(node.anchor, list);
      }
    });
  }

  /** The node an alias stands for (or the node itself). */
  resolve(node: Node | null | undefined): Resolved | undefined {
    if (!node) return undefined;
    if (!isAlias(node)) return node as Resolved;
    const at = node.range?.[0] ?? 0;
    const candidates = this.anchors.get(node.source) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) {
      if ((candidates[i].range?.[0] ?? 0) < at) return candidates[i];
    }
    return undefined;
  }

  /** The value of a node; `missingSpan` is used when the node is absent (`key:` with nothing). */
  value(node: Node | null | undefined, missingSpan: Span): SourceValue {
    if (!node) return { kind: 'null', span: missingSpan };
    const span = spanOf(node, missingSpan);
    if (isAlias(node)) return this.aliasValue(node, span);
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'number') return { kind: 'number', value, span };
      if (typeof value === 'string') return { kind: 'string', value, span };
      if (typeof value === 'boolean') return { kind: 'boolean', value, span };
      if (value === null || value === undefined) return { kind: 'null', span };
      return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
    }
    if (isSeq(node)) {
      return {
        kind: 'list',
        items: node.items.map((item) =>
          isPair(item) ? this.pairAsMap(item) : this.value(item as Node, span),
        ),
        span,
      };
    }
    if (isMap(node)) return { kind: 'map', entries: this.entries(node), span };
    return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
  }

  /** A mapping's entries, with `<<` merge keys expanded (explicit keys win over merged ones). */
  entries(map: YAMLMap): SourceEntry[] {
    const own: SourceEntry[] = [];
    const merged: SourceEntry[] = [];
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        merged.push(...this.mergedEntries(pair.value as Node | null));
      } else {
        const entry = this.entry(pair);
        if (entry) own.push(entry);
      }
    }
    if (merged.length === 0) return own;
    const explicit = new Set(own.map((entry) => entry.key));
    return [...merged.filter((entry) => !explicit.has(entry.key)), ...own];
  }

  private mergedEntries(source: Node | null): SourceEntry[] {
    const sources = isSeq(source) ? source.items : [source];
    const entries: SourceEntry[] = [];
    // Earlier sources win in a merge sequence, so later ones go first and get overridden.
    for (const item of [...sources].reverse()) {
      const value = this.value(item as Node | null, spanOf(source));
      if (value.kind === 'map') entries.push(...value.entries);
    }
    return entries;
  }

  /** A key-value pair as an entry; undefined when the key is not a scalar. */
  entry(pair: Pair): SourceEntry | undefined {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.value === null || typeof key.value === 'object') return undefined;
    const keySpan = spanOf(key);
    return { key: String(key.value), keySpan, value: this.value(pair.value as Node | null, this.afterColon(keySpan)) };
  }

  /** `[a: 1]` holds a pair directly: read it as a one-entry mapping. */
  private pairAsMap(pair: Pair): SourceValue {
    const entry = this.entry(pair);
    return { kind: 'map', entries: entry ? [entry] : [], span: spanOfPair(pair) };
  }

  /** An empty span just after `key:`, where a missing value would go. */
  private afterColon(keySpan: Span): Span {
    const colon = this.text.indexOf(':', keySpan.end);
    const at = colon < 0 ? keySpan.end : colon + 1;
    return { start: at, end: at };
  }

  private aliasValue(alias: Node, span: Span): SourceValue {
    const target = this.resolve(alias);
    const text = this.text.slice(span.start, span.end);
    if (!target || this.expanding.has(target)) return { kind: 'unknown', text, span };
    if (this.expansionLeft <= 0) {
      if (!this.budgetReported) {
        this.budgetReported = true;
        this.diagnostics.push(
          readerDiagnostic(
            Code.invalidParameter,
            `Too many alias expansions (more than ${MAX_ALIAS_EXPANSION}); the remaining aliases are not read.`,
            span,
          ),
        );
      }
      return { kind: 'unknown', text, span };
    }
    this.expansionLeft -= countNodes(target, this.expansionLeft);
    this.expanding.add(target);
    try {
      return { ...this.value(target, span), span };
    } finally {
      this.expanding.delete(target);
    }
  }
}

/** Counts a subtree's nodes (aliases count one each), stopping once `limit` is reached. */
function countNodes(node: Node, limit: number): number {
  let count = 0;
  const pending: unknown[] = [node];
  while (pending.length > 0 && count < limit) {
    const next = pending.pop();
    count++;
    if (isMap(next) || isSeq(next)) pending.push(...next.items);
    else if (isPair(next)) pending.push(next.key, next.value);
  }
  return count;
}

function spanOfPair(pair: Pair): Span {
  const start = spanOf(pair.key as Node | null, spanOf(pair.value as Node | null));
  const end = spanOf(pair.value as Node | null, start);
  return { start: start.start, end: Math.max(start.end, end.end) };
}
