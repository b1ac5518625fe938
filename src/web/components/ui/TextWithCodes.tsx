// Catalog prose (runbooks, contracts) quotes literal codes an operator must match against what a system shows:
// an engine message starting with `WORKER_ERROR`, an order status `RESERVATION_PENDING`. Those stay verbatim
// (translating them would break the match) but are set apart as technical literals, not read as words.
const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

export function TextWithCodes({ text }: { text: string }) {
  const parts: (string | { code: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ code: match[0] });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return <>{text}</>;
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          part
        ) : (
          <code key={index} className="inline-code" data-technical>
            {part.code}
          </code>
        ),
      )}
    </>
  );
}
