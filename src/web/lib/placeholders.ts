// The catalog writes runbooks and contracts as templates (`order:{orderId}`, `DOC-{orderId}`). On a case the
// placeholders are filled from the case's own business key and variables; where there is nothing to fill them
// with (the catalog, a case without the value) they read as words, never as `{orderId}`.

/** `orderId` → "order id", `billingIdempotencyKey` → "billing idempotency key". */
function nameInWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase();
}

/** Replaces every `{name}` with its value when known, else with the name in words between guillemets. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | null | undefined>> = {}): string {
  return text.replace(/\{([A-Za-z_][\w.]*)\}/g, (_, name: string) => values[name] ?? `‹${nameInWords(name)}›`);
}

/** What a case can fill a template with: its order id (from the entity or the business key) and its unmasked variables. */
export function caseTemplateValues(input: {
  businessKey: string | null;
  entity: { type: string; id: string } | null;
  variables?: readonly { name: string; value: string; masked: boolean }[];
}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of input.variables ?? []) if (!variable.masked) values[variable.name] = variable.value;
  const orderId = input.entity?.type === 'ORDER' ? input.entity.id : /^order:(.+)$/.exec(input.businessKey ?? '')?.[1];
  if (orderId) values.orderId = orderId;
  if (input.businessKey) values.businessKey = input.businessKey;
  return values;
}
