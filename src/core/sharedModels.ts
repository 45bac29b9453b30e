/**
 * Models that one piece of code made at the same places (`madeBy`: a TF.js builder function of
 * the file called from two places, or from one place in a loop). Each model is analysed on its
 * own, so the same problem at the same place comes once per model; the document reports it once,
 * and says which models and calls it comes from when not from all of them (a size only one call
 * or one turn passes).
 */
import type { Diagnostic, RelatedInformation } from './diagnostics';
import type { MadeBy } from './ir';
import { LineIndex } from './lineIndex';

/** A model as far as its diagnostics go: its name and, where it shares its places, the calls of its group. */
export interface MadeModel {
  name?: string;
  madeBy?: MadeBy;
}

/** A diagnostic with the model it was found in (undefined: the file's, no model's). */
export interface FoundDiagnostic {
  model: MadeModel | undefined;
  diagnostic: Diagnostic;
}

/**
 * The diagnostics of a document with each problem reported once: identical diagnostics are one,
 * and so are those of the models of a group alike in all but their fixes (code, severity,
 * message, place, layer, related places). One found in some models of a group but not all names
 * them and points at their calls (related places); its quick fixes stay only where every model of
 * the group gave the same ones, since they edit code that builds all of them. `text` is the
 * document's (for the calls' lines).
 */
export function mergeSharedDiagnostics(found: readonly FoundDiagnostic[], text: string): Diagnostic[] {
  let lines: LineIndex | undefined;
  const lineOf = (offset: number) => (lines ??= new LineIndex(text)).position(offset).line;
  const alike = new Map<string, { diagnostic: Diagnostic; models: MadeModel[]; fixes: string[] }>();
  for (const { model, diagnostic } of found) {
    const { fixes, ...rest } = diagnostic;
    const key = model?.madeBy ? JSON.stringify(rest) : JSON.stringify(diagnostic);
    const entry = alike.get(key) ?? { diagnostic, models: [], fixes: [] };
    alike.set(key, entry);
    if (model) entry.models.push(model);
    entry.fixes.push(JSON.stringify(fixes ?? []));
  }
  return [...alike.values()].map(({ diagnostic, models, fixes }) => {
    const group = sharedGroup(models);
    if (!group) return diagnostic;
    const from = [...new Set(models)];
    if (from.length === group.length && fixes.every((fix) => fix === fixes[0])) return diagnostic;
    const unfixed = { ...diagnostic };
    delete unfixed.fixes;
    if (from.length === group.length) return unfixed;
    return { ...unfixed, message: `${diagnostic.message} ${fromCalls(from, lineOf)}`, related: [...(diagnostic.related ?? []), ...madeHere(from)] };
  });
}

/** The calls of the group every one of `models` belongs to, or undefined where one shares no places (or they are of several groups). */
function sharedGroup(models: readonly MadeModel[]): MadeBy['group'] | undefined {
  const group = models[0]?.madeBy?.group;
  const key = (made: MadeModel) => JSON.stringify(made.madeBy?.group.map(({ start, end }) => [start, end]));
  return group && models.every((model) => key(model) === key(models[0])) ? group : undefined;
}

/**
 * `(in \`big\`, built by the call at line 12)`, or `(in \`small\` and \`tiny\`, built by the calls at
 * lines 10 and 12)`; models one call made in turns of a loop share its line.
 */
function fromCalls(models: readonly MadeModel[], lineOf: (offset: number) => number): string {
  const names = listed(models.map((model) => (model.name ? `\`${model.name}\`` : 'the model')));
  const lines = [...new Set(models.map((model) => lineOf(model.madeBy!.call.start)))];
  return lines.length === 1 ? `(in ${names}, built by the call at line ${lines[0]})` : `(in ${names}, built by the calls at lines ${listed(lines.map(String))})`;
}

/** A related place per call that made some of `models`: `\`big\` is built by this call`, `\`encoders[0]\` and \`encoders[1]\` are built by this call`. */
function madeHere(models: readonly MadeModel[]): RelatedInformation[] {
  const byCall = new Map<string, MadeModel[]>();
  for (const model of models) {
    const key = `${model.madeBy!.call.start}:${model.madeBy!.call.end}`;
    byCall.set(key, [...(byCall.get(key) ?? []), model]);
  }
  return [...byCall.values()].map((made) => {
    const named = made.filter((model) => model.name);
    if (named.length === 0) return { span: made[0].madeBy!.call, message: made.length === 1 ? 'the model is built by this call' : 'the models are built by this call' };
    const names = listed(named.map((model) => `\`${model.name}\``));
    return { span: made[0].madeBy!.call, message: `${names} ${named.length === 1 ? 'is' : 'are'} built by this call` };
  });
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
