/** Numbers as the API gives them (one decimal); times in the viewer's zone with its UTC offset. */
export function fmt1(n: number): string {
  return n.toFixed(1);
}

export function fmtDelta(n: number): { arrow: string; text: string; words: string } {
  if (n > 0) return { arrow: '▲', text: `+${fmt1(n)}`, words: `up ${fmt1(n)} in 7 days` };
  if (n < 0) return { arrow: '▼', text: `−${fmt1(-n)}`, words: `down ${fmt1(-n)} in 7 days` };
  return { arrow: '•', text: '0.0', words: 'unchanged in 7 days' };
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'shortOffset',
});
export function fmtTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
}

export function fmtKmRange(fromKm: number, toKm: number): string {
  return `km ${Math.round(fromKm)}–${Math.round(toKm)}`;
}

export function fmtShare(n: number): string {
  return `${Math.round(n * 100)}%`;
}
