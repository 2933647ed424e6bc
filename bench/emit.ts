/** One benchmark figure, printed as one JSON line so runs can be compared and pasted into notes. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

export function emit(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
