import type { DomainEntity } from '../../contracts/cases.js';

/**
 * Reads the business key conventions of the CPQ/OMS processes:
 * `order:{orderId}`, `quote:{quoteId}:rev:{n}`, `change-order:{id}`, `fallout:{caseId}`.
 */
export function parseBusinessKey(businessKey: string | null | undefined): DomainEntity | null {
  if (!businessKey) return null;
  const quote = /^quote:(.+):rev:(\d+)$/i.exec(businessKey);
  if (quote) return { type: 'QUOTE', id: quote[1]!, revision: Number(quote[2]) };
  const simple = /^(order|change-order|fallout):(.+)$/i.exec(businessKey);
  if (!simple) return null;
  const type = ({ order: 'ORDER', 'change-order': 'CHANGE_ORDER', fallout: 'FALLOUT' } as const)[simple[1]!.toLowerCase() as 'order'];
  return { type, id: simple[2]! };
}

export type SearchIntent =
  | { kind: 'case'; value: string }
  | { kind: 'businessKey'; value: string }
  | { kind: 'entity'; entityType: DomainEntity['type']; value: string; revision?: number }
  | { kind: 'number'; value: string }
  | { kind: 'processInstance'; value: string }
  | { kind: 'text'; value: string };

/**
 * An id after its prefix: digits (the hyphen may be left out, `ord100928`), or letters and digits with at
 * least one digit (`ORD-T1A2B3C4`; then the hyphen is required, so words such as "order" stay free text).
 */
function prefixed(prefix: string): RegExp {
  return new RegExp(`^${prefix}(?:-?(\\d+)|-((?=[a-z]*\\d)[a-z0-9]+))$`, 'i');
}

const ENTITY_PREFIXES: { pattern: RegExp; type: DomainEntity['type']; canonical: (m: RegExpExecArray) => string }[] = [
  { pattern: prefixed('ord'), type: 'ORDER', canonical: (m) => `ORD-${(m[1] ?? m[2]!).toUpperCase()}` },
  { pattern: prefixed('co'), type: 'CHANGE_ORDER', canonical: (m) => `CO-${(m[1] ?? m[2]!).toUpperCase()}` },
  { pattern: prefixed('q'), type: 'QUOTE', canonical: (m) => `Q-${(m[1] ?? m[2]!).toUpperCase()}` },
];

/**
 * Turns what support types into one search intent. Tolerant of case, surrounding and inner spaces and of
 * the business key prefix: `ORD-100928`, `ord-100928`, `100928` and `order:ORD-100928` all mean one order.
 */
export function interpretQuery(raw: string): SearchIntent {
  const query = raw.trim().replace(/\s*:\s*/g, ':').replace(/\s+/g, ' ');
  if (/^FO-\d{4}-\d{6}$/i.test(query)) return { kind: 'case', value: query.toUpperCase() };
  if (/^fallout:FO-\d{4}-\d{6}$/i.test(query)) return { kind: 'case', value: query.slice('fallout:'.length).toUpperCase() };

  const entity = parseBusinessKey(query);
  if (entity) {
    const canonical = canonicalEntityId(entity.type, entity.id);
    return { kind: 'entity', entityType: entity.type, value: canonical, revision: entity.revision };
  }
  const quoteWithRevision = /^(q-?\d+|q-(?=[a-z]*\d)[a-z0-9]+)\s*(?:rev|r|\/)\s*:?\s*(\d+)$/i.exec(query);
  if (quoteWithRevision) {
    return { kind: 'entity', entityType: 'QUOTE', value: canonicalEntityId('QUOTE', quoteWithRevision[1]!), revision: Number(quoteWithRevision[2]) };
  }
  const compact = query.replace(/\s+/g, '');
  for (const prefix of ENTITY_PREFIXES) {
    const match = prefix.pattern.exec(compact);
    if (match) return { kind: 'entity', entityType: prefix.type, value: prefix.canonical(match) };
  }
  if (/^\d{3,}$/.test(compact)) return { kind: 'number', value: compact };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(compact)) return { kind: 'processInstance', value: compact.toLowerCase() };
  return { kind: 'text', value: query };
}

function canonicalEntityId(type: DomainEntity['type'], id: string): string {
  for (const prefix of ENTITY_PREFIXES) {
    if (prefix.type !== type) continue;
    const match = prefix.pattern.exec(id.replace(/\s+/g, ''));
    if (match) return prefix.canonical(match);
  }
  return id;
}

/** `prefixMatch`: the exact id was not found and the results are the ids starting with it. */
export function describeIntent(intent: SearchIntent, options: { prefixMatch?: boolean } = {}): { kind: string; value: string } | null {
  switch (intent.kind) {
    case 'case':
      return { kind: 'fallout case', value: intent.value };
    case 'entity': {
      const label = { ORDER: 'order', QUOTE: 'quote', CHANGE_ORDER: 'change order', FALLOUT: 'fallout case' }[intent.entityType];
      if (options.prefixMatch) return { kind: `${label} id starting with`, value: intent.value };
      return { kind: label, value: intent.revision !== undefined ? `${intent.value} rev ${intent.revision}` : intent.value };
    }
    case 'number':
      return { kind: 'any id ending in', value: intent.value };
    case 'processInstance':
      return { kind: 'process instance', value: intent.value };
    case 'text':
      return null;
  }
  return null;
}
