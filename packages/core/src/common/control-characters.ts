/**
 * Text from outside may not carry control characters: PostgreSQL refuses NUL in text outright
 * (a 500 if it reached the database), and the other C0/C1 controls (escape sequences, bell,
 * backspace) have no place in a concern, a name or an address. Tab, line feed and carriage
 * return stay allowed (multi-line descriptions). One rule for every string of every request.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const CONTROL_CHARACTER_MESSAGE = '不能包含控制字符（如 \\u0000）';

/** The path (`a.b[2]`) of the first string holding a control character, or null when none does. */
export function findControlCharacter(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path || '(值)' : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (CONTROL.test(k)) return here;
    const found = findControlCharacter(v, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
