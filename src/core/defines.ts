/**
 * Values for symbolic dimensions (`--define H=640` in the CLI, `convlens.defines` in the
 * editor): one name rule and one value rule for both.
 */

/** A dimension name: letters, digits and `_`, not starting with a digit. */
export const DIMENSION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads defines from an untrusted value (settings JSON): bad names and values that are not
 * positive integers are reported, never silently dropped.
 */
export function parseDefines(value: unknown): { defines: Record<string, number>; problems: string[] } {
  const defines: Record<string, number> = {};
  if (value === undefined || value === null) return { defines, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { defines, problems: ['defines must be an object mapping dimension names to positive integers, e.g. {"H": 640, "W": 640}'] };
  }
  const problems: string[] = [];
  for (const [name, size] of Object.entries(value as Record<string, unknown>)) {
    if (!DIMENSION_NAME.test(name)) {
      problems.push(`'${name}' is not a dimension name (letters, digits and _, not starting with a digit)`);
    } else if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
      problems.push(`'${name}': the value must be a positive integer, not ${JSON.stringify(size)}`);
    } else {
      defines[name] = size;
    }
  }
  return { defines, problems };
}
