/**
 * The Ultralytics releases ConvLens reads YOLO model YAML as (SPEC.md §1.4): what differs
 * between their `parse_model` (`ultralytics/nn/tasks.py`) and module libraries, as data, so the
 * reader has one path for both. 8.3 is checked against 8.3.166, 8.4 against 8.4.60.
 */
import { MODULES, MODULES_8_4, PARTIAL_MODULES, type ModuleRule, type PartialRule } from './modules';
import { DEFAULT_ULTRALYTICS_VERSION, ULTRALYTICS_VERSIONS, type UltralyticsVersion } from '../../ultralyticsVersions';

/** A top-level key `parse_model` reads and passes to the detection heads (8.4's `reg_max`, `end2end`). */
export interface HeadSetting {
  key: string;
  /** Its value where the file has no such key (`d.get(key, fallback)`; `None` is null). */
  fallback: unknown;
}

export interface UltralyticsRelease {
  version: UltralyticsVersion;
  /** The exact release the rules are checked against (`test/fixtures/ultralytics/ultralytics-<checked>.json`). */
  checked: string;
  modules: Readonly<Record<string, ModuleRule>>;
  partial: Readonly<Record<string, PartialRule>>;
  /**
   * What `parse_model` appends to a detection head's arguments before the list of its input
   * channels, in order; these keys are also names a string argument can use.
   */
  headSettings: readonly HeadSetting[];
  /** Blocks whose attention has `max(c // 64, 1)` heads, so no ZeroDivisionError below 64 channels. */
  headsAtLeastOne: readonly string[];
  /** A2C2f's assertion message when its hidden width is not a multiple of 32. */
  ablockAssertion: string;
  /** Arguments another release reads as something else, with the value type that suggests a file written for it. */
  reread: readonly RereadArgument[];
}

/**
 * A constructor argument whose meaning changed between releases (C3k2's sixth: `g` in 8.3,
 * `attn` in 8.4): a value of `suspect` type there is warned about, with `message`.
 */
export interface RereadArgument {
  module: string;
  /** The argument's place in the constructor call (after `parse_model` inserted c1, c2 and n). */
  at: number;
  suspect: 'boolean' | 'number';
  message: string;
}

export const RELEASES: Readonly<Record<UltralyticsVersion, UltralyticsRelease>> = {
  '8.3': {
    version: '8.3',
    checked: '8.3.166',
    modules: MODULES,
    partial: PARTIAL_MODULES,
    headSettings: [],
    headsAtLeastOne: [],
    ablockAssertion: 'Dimension of ABlock be a multiple of 32.',
    reread: [{ module: 'C3k2', at: 5, suspect: 'boolean', message: "C3k2's sixth argument is `g` (groups) in Ultralytics 8.3, `attn` in 8.4: 8.3 builds no attention here (choose 8.4 if the file is written for it)." }],
  },
  '8.4': {
    version: '8.4',
    checked: '8.4.60',
    modules: MODULES_8_4,
    partial: PARTIAL_MODULES,
    headSettings: [
      { key: 'reg_max', fallback: 16 },
      { key: 'end2end', fallback: null },
    ],
    headsAtLeastOne: ['PSA', 'C2fPSA'],
    ablockAssertion: 'Dimension of ABlock must be a multiple of 32.',
    reread: [{ module: 'C3k2', at: 5, suspect: 'number', message: "C3k2's sixth argument is `attn` in Ultralytics 8.4, `g` (groups) in 8.3: 8.4 builds attention blocks for any value but 0 and keeps groups at 1 (choose 8.3 if the file is written for it)." }],
  },
};

/** The release an analysis reads: the one asked for, else the current one. */
export function releaseOf(version: string | undefined): UltralyticsRelease {
  return RELEASES[ULTRALYTICS_VERSIONS.find((known) => known === version) ?? DEFAULT_ULTRALYTICS_VERSION];
}

/** The other releases that know `module`, for a warning that names where it comes from. */
export function releasesWith(module: string): UltralyticsVersion[] {
  return ULTRALYTICS_VERSIONS.filter((version) => module in RELEASES[version].modules || module in RELEASES[version].partial);
}
