/**
 * Which TF.js models the interpreter keeps, and which call made each (SPEC.md §1.3): a model-making
 * call (`tf.sequential(...)`, `tf.model(...)`) makes a model each time it runs under calls of the
 * analysed file — a builder called from two places makes two, and one called once per turn of a
 * loop or an array method (`sizes.map((size) => buildEncoder(size))`) makes one per turn. Each
 * call on the chain is told apart by its run under the run of the call around it, so that the
 * turns of a loop are chains of their own. A call keeps at most
 * {@link INTERPRETER_BUDGETS.modelsPerCall} models, and counts the others.
 */
import type * as TS from 'typescript';
import { INTERPRETER_BUDGETS } from '../../limits';
import type { CallChain, FunctionalModel, SequentialModel } from './interpreterValues';

/**
 * A call of the analysed file on a chain under which a model was made, and which of its runs under
 * one run of the call around it that was (`build(size)` in a `for…of` loop runs 0, 1, 2 under the
 * top level). A call inside a run of the same call (an array method runs its callback at its own
 * call: `sizes.map((size) => build(size))` is a link of `map(...)` inside each of which the
 * callback runs, inside the link of the method's own run) is nested one deeper. One object per
 * call, nesting and run: chains compare call by call.
 */
interface CallRun {
  readonly call: TS.Node;
  readonly nesting: number;
  readonly run: number;
}

/** Numbers the runs of each call under each run of the call around it, as models are made under them. */
class CallRuns {
  /** Each link of a chain seen so far: one run of its call (a link is made each time the call runs). */
  private readonly runOf = new WeakMap<CallChain, CallRun>();
  /** For each link, or the top level, how many runs of each call were seen under it. */
  private readonly counts = new WeakMap<object, Map<TS.Node, number>>();
  private readonly topLevel = {};
  /** The object of each call, nesting and run. */
  private readonly interned = new Map<TS.Node, CallRun[][]>();

  /** The calls of a chain with their runs, innermost first. */
  of(chain: CallChain | undefined): CallRun[] {
    const calls: CallRun[] = [];
    for (let link = chain; link; link = link.outer) calls.push(this.runOfLink(link));
    return calls;
  }

  private runOfLink(link: CallChain): CallRun {
    const seen = this.runOf.get(link);
    if (seen) return seen;
    const outer = link.outer ?? this.topLevel;
    let counts = this.counts.get(outer);
    if (!counts) this.counts.set(outer, (counts = new Map()));
    const run = counts.get(link.call) ?? 0;
    counts.set(link.call, run + 1);
    const nesting = link.outer?.call === link.call ? this.runOfLink(link.outer).nesting + 1 : 0;
    let nestings = this.interned.get(link.call);
    if (!nestings) this.interned.set(link.call, (nestings = []));
    const runs = (nestings[nesting] ??= []);
    const callRun = (runs[run] ??= { call: link.call, nesting, run });
    this.runOf.set(link, callRun);
    return callRun;
  }
}

/** A tree of the chains of calls under which models were made: one object per chain, the same for the same calls and runs. */
class ChainKeys {
  private readonly root = new Map<CallRun, unknown>();

  /** The object of the chain of `calls` (innermost first). */
  key(calls: readonly CallRun[]): object {
    let node = this.root;
    for (let index = calls.length - 1; index >= 0; index--) {
      let next = node.get(calls[index]) as Map<CallRun, unknown> | undefined;
      if (!next) node.set(calls[index], (next = new Map()));
      node = next;
    }
    return node;
  }
}

/**
 * For each innermost call that several of `chains` (calls innermost first) end in, whatever its
 * runs, the calls and runs on every one of those chains.
 */
function sharedCalls(chains: Iterable<CallRun[]>): Map<TS.Node, Set<CallRun>> {
  const byPlace = new Map<TS.Node, CallRun[][]>();
  for (const calls of chains) {
    if (calls.length === 0) continue;
    const others = byPlace.get(calls[0].call);
    if (others) others.push(calls);
    else byPlace.set(calls[0].call, [calls]);
  }
  const shared = new Map<TS.Node, Set<CallRun>>();
  for (const [place, [first, ...others]] of byPlace) {
    if (others.length > 0) shared.set(place, new Set(first.filter((call) => others.every((calls) => calls.includes(call)))));
  }
  return shared;
}

/** What one model-making call made: the chains it kept a model under, and how many models it made past the budget. */
interface MadeAt {
  /** Each chain's object and its calls, innermost first. */
  chains: Map<object, CallRun[]>;
  /** For each place several of the chains share, the calls and runs on all of those (cached by their count: see {@link MadeModels.madeBy}). */
  places?: { count: number; shared: Map<TS.Node, Set<CallRun>> };
  /** The chains of the models made past {@link INTERPRETER_BUDGETS.modelsPerCall}, each counted once. */
  beyond?: WeakSet<object>;
  beyondCount: number;
}

/** The models kept so far, with the chain of calls each was made under. */
export class MadeModels {
  private readonly runs = new CallRuns();
  private readonly chainKeys = new ChainKeys();
  private readonly madeAt = new Map<TS.CallExpression, MadeAt>();
  /** The calls each kept model was made under, innermost first. */
  private readonly callsOf = new WeakMap<SequentialModel | FunctionalModel, CallRun[]>();

  /**
   * Whether `model`, which `site` made under `chain` (the calls of the analysed file running now),
   * is kept: the first made under that chain, within the budget of models per call. Another file's
   * code called once from this file makes its models under one chain, of which the first is kept.
   */
  keep(site: TS.CallExpression, chain: CallChain | undefined, model: SequentialModel | FunctionalModel): boolean {
    let made = this.madeAt.get(site);
    if (!made) this.madeAt.set(site, (made = { chains: new Map(), beyondCount: 0 }));
    const calls = this.runs.of(chain);
    const key = this.chainKeys.key(calls);
    if (made.chains.has(key)) return false;
    if (made.chains.size >= INTERPRETER_BUDGETS.modelsPerCall) {
      made.beyond ??= new WeakSet();
      if (!made.beyond.has(key)) made.beyondCount++;
      made.beyond.add(key);
      return false;
    }
    made.chains.set(key, calls);
    this.callsOf.set(model, calls);
    return true;
  }

  /**
   * The call of the analysed file that made `model` where its model-making call made several at
   * the same places (`const big = encoder(64)` beside `const small = encoder(32)`, or the turns of
   * `sizes.map((size) => encoder(size))`, which all have the one call `encoder(size)`): the
   * innermost call of its chain whose run is not on the chains of all of them. Models share their
   * places where their chains end in the same call of the analysed file: the model-making call
   * itself (this file's code), or the call that ran another file's code. A chain with no call of
   * its own (the builder run for lack of a call, beside a run by a call) has that last call.
   * Undefined where no other model shares the model's places.
   */
  madeBy(model: SequentialModel | FunctionalModel): TS.Node | undefined {
    const made = this.madeAt.get(model.call);
    const own = this.callsOf.get(model);
    const place = own?.[0];
    if (!made || !own || !place) return undefined;
    if (made.places?.count !== made.chains.size) made.places = { count: made.chains.size, shared: sharedCalls(made.chains.values()) };
    const shared = made.places.shared.get(place.call);
    return shared && (own.find((call) => !shared.has(call)) ?? place).call;
  }

  /** How many models the call that made `model` made past the budget, which are not kept. */
  beyondBudget(model: SequentialModel | FunctionalModel): number {
    return this.madeAt.get(model.call)?.beyondCount ?? 0;
  }

  /** Whether `model` was kept (see {@link keep}). */
  kept(model: SequentialModel | FunctionalModel): boolean {
    return this.callsOf.has(model);
  }

  /** Whether `call` of the analysed file was running when `model` was made (a variable it returns to names the model). */
  madeWithin(model: SequentialModel | FunctionalModel, call: TS.Node): boolean {
    return this.callsOf.get(model)?.some((run) => run.call === call) ?? false;
  }
}
