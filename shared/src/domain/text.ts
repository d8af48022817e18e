/**
 * Control characters in names and titles (docs/limits.md "Text"): stripped, not refused, so a title
 * pasted from a terminal or a PDF still goes in. C0 controls other than tab and newline, DEL, C1 controls,
 * and the bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069), which can make
 * a title read backwards in a dashboard, are removed; tab and newline stay (titles are made one line where
 * they are cleaned for display).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function stripControlChars(s: string): string {
  return CONTROLS.test(s) ? s.replace(CONTROLS, '') : s;
}
