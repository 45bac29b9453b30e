// The npm `assert` package (through `util`) reads `process.env`; a web worker has no `process`.
export const process = { env: {} as Record<string, string | undefined> };
