/**
 * A value from a portal's answer as text, for templates. Never throws and never hands Lit an object:
 * `String()` is not enough for objects whose `toString` is not a function (`{"toString": 1}` throws),
 * and an object shaped like a Lit template (`{"_$litType$": 1, …}`) given to a template as is would be
 * read as one. Texts stay as they are; numbers, booleans and big integers are written with `String`;
 * null and undefined are empty; anything else is its JSON (or a plain `[object]` if even that fails).
 */
export function asText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    case 'object':
      if (value === null) return '';
      try {
        return JSON.stringify(value) ?? '';
      } catch {
        return '[object]';
      }
    default:
      // functions and symbols never come from JSON
      return '';
  }
}
