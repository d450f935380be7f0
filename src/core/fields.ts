import type { Dataset } from '../api/types.js';
import type { Strings } from './strings.js';

/** A field name ODSQL can express (what `field()` of api/odsql.ts accepts). */
const FIELD_NAME = /^[A-Za-z0-9_]+$/;

/** The names of a comma-separated `fields` attribute, trimmed, empty ones dropped. */
export function fieldNames(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What is wrong with the field names of attribute `attr`, in words for the bad-attribute message:
 * a name that is no field name at all, or (once the metadata is known) names the dataset does not
 * have. Undefined when they are all fine.
 */
export function fieldsProblem(
  attr: string,
  names: string[],
  metadata: Dataset | undefined,
  t: Strings,
): string | undefined {
  const invalid = names.find((n) => !FIELD_NAME.test(n));
  if (invalid !== undefined) return t.badAttr(attr, t.notFieldName(invalid));
  if (!metadata) return undefined;
  const unknown = names.filter((n) => !metadata.fields.some((f) => f.name === n));
  return unknown.length ? t.badAttr(attr, t.unknownFields(unknown.join(', '))) : undefined;
}
