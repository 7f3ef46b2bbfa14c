// Parsing X's JSON without trusting it: never assume a body is JSON, and never let a
// 64-bit id become a lossy JavaScript number (reference §1 "Media ids are 64-bit").

/**
 * JSON.parse where every integer beyond 2^53 keeps its exact digits as a string. That
 * makes the numeric `media_id` of v1.1 harmless even where `media_id_string` is missing.
 * Returns undefined when the text is not JSON.
 */
export function parseJsonLossless(text: string): unknown {
  if (text.trim() === '') return undefined;
  type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
  const reviver: Reviver = (_key, value, context) => {
    if (
      typeof value === 'number' &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return context.source;
    }
    return value;
  };
  try {
    return (JSON.parse as (text: string, reviver: Reviver) => unknown)(text, reviver);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

/** An id sent as a string or (for small values) as a number, always returned as a string. */
export function idField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

export function numberField(record: Record<string, unknown>, name: string): number | undefined {
  const value = record[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
