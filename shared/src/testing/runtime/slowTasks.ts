/** Tasks for OffLoop tests: a CPU-bound spin (what a runaway computation looks like) and an echo. */
export function spin(args: { ms: number }): number {
  const end = Date.now() + args.ms;
  let n = 0;
  while (Date.now() < end) n++;
  return n;
}

export function echo<T>(value: T): T {
  return value;
}
