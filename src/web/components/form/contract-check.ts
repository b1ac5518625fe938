// What a form's typed values mean against a shared request contract: the request body the BFF will accept,
// or messages in words per field. Pure, so the rules are testable without rendering.
//
// Not `@hookform/resolvers/standard-schema`: zod/mini ships no message locale, so its issues all read
// "Invalid input" with no label, and form values are strings (trimmed, empty ones left out, numbers parsed)
// while the contracts describe the request body. This small step does both, with the field's own label.
import * as z from 'zod/mini';

/**
 * `list`: one entry per line (or comma-separated) becomes an array of strings; `pairs`: one `from -> to` per
 * line becomes an array of `{from, to}`. An empty list is left out, like an empty text.
 */
export type FieldKind = 'text' | 'longtext' | 'number' | 'password' | 'list' | 'pairs';

/** One field of a form; `name` is the request body's property it fills. */
export interface FormField {
  name: string;
  label: string;
  kind?: FieldKind;
  /** Shown after the label in a lighter style, e.g. "kept in the audit trail". */
  hint?: string;
  /** What to say when it is left empty, if "<label> is required." is not the clearest. */
  missing?: string;
  /** The one message for any problem other than "missing", where the contract's limits need explaining. */
  invalid?: string;
  /** Spaces are kept as typed (passwords); every other text is trimmed before it is checked and sent. */
  keepSpaces?: boolean;
  autoComplete?: string;
  /** A button beside the input that fills in a known value, e.g. the signed-in user's id. */
  fill?: { label: string; description: string; value: string };
}

export type FormValues = Record<string, string>;
/** Messages per field name; `''` holds a message about the form as a whole. */
export type FormErrors = Record<string, string>;

export type CheckedForm<T> = { ok: true; request: T } | { ok: false; errors: FormErrors };

type ObjectContract = z.ZodMiniObject<z.core.$ZodLooseShape, z.core.$ZodObjectConfig>;

/** Whether the contract requires the property (an optional one may be left empty). */
export function isRequired(contract: z.ZodMiniType, name: string): boolean {
  const shape = (contract as ObjectContract)._zod.def.shape as Record<string, z.ZodMiniType> | undefined;
  const property = shape?.[name];
  return property !== undefined && property._zod.optin !== 'optional';
}

/** The candidate body: trimmed text, empty fields left out (the contracts refuse empty strings), numbers parsed. */
export function toCandidate(fields: readonly FormField[], values: FormValues, fixed: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { ...fixed };
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    const value = field.keepSpaces ? raw : raw.trim();
    if (value === '') continue;
    if (field.kind === 'list') body[field.name] = listEntries(value);
    else if (field.kind === 'pairs') body[field.name] = listEntries(value, /\n/).map(toPair);
    else body[field.name] = field.kind === 'number' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return body;
}

function listEntries(text: string, separator: RegExp = /[\n,]/): string[] {
  return text
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `a -> b`, `a → b` or `a = b`; a line without a separator keeps only `from`, so the contract refuses it. */
function toPair(line: string): { from: string; to?: string } {
  const match = /^(.*?)\s*(?:->|→|=)\s*(.*)$/.exec(line);
  return match ? { from: match[1]!.trim(), to: match[2]!.trim() } : { from: line };
}

/** Checks the values against the contract and says what is wrong in words, per field. */
export function checkForm<T>(contract: z.ZodMiniType<T>, fields: readonly FormField[], values: FormValues, fixed?: Record<string, unknown>): CheckedForm<T> {
  const candidate = toCandidate(fields, values, fixed);
  const checked = z.safeParse(contract, candidate);
  if (checked.success) return { ok: true, request: checked.data };
  const errors: FormErrors = {};
  for (const issue of checked.error.issues) {
    const field = fields.find((f) => f.name === issue.path[0]);
    const key = field ? field.name : '';
    if (errors[key] === undefined) errors[key] = field ? fieldMessage(field, issue, candidate[field.name] === undefined) : formMessage(issue);
  }
  return { ok: false, errors };
}

/** `empty`: nothing was typed (zod leaves the input out of its issues, so the candidate tells). */
function fieldMessage(field: FormField, issue: z.core.$ZodIssue, empty: boolean): string {
  // An empty entry inside a list or pair is a malformed entry, not a missing field.
  const missing = empty || (issue.path.length === 1 && issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1);
  if (missing) return field.missing ?? `${field.label} is required.`;
  if (field.invalid) return field.invalid;
  if (issue.code === 'too_big' && issue.origin === 'array') return `${field.label} may have at most ${String(issue.maximum)} entries.`;
  if (issue.path.length > 1 && issue.code === 'too_big' && issue.origin === 'string') return `Each entry of ${field.label.toLowerCase()} may be at most ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `${field.label} may be at most ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_big') return `${field.label} may be at most ${String(issue.maximum)}.`;
  if (issue.code === 'too_small') return `${field.label} must be at least ${String(issue.minimum)}.`;
  if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) return `${field.label} must be a number.`;
  return `${field.label} is not valid.`;
}

function formMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `This form sends ${issue.keys.join(', ')}, which the workbench no longer accepts; reload the page.`;
  return `This form is out of date (${issue.path.join('.') || 'request'} is not accepted); reload the page.`;
}
