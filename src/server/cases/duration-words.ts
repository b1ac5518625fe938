// Durations inside the BFF's own sentences (case messages, notices): "2 minutes", never `PT2M` or a millisecond count.

/** 120000 → "2 minutes", 90000 → "1.5 minutes", 5000 → "5 seconds", 86400000 → "1 day". */
export function durationInWords(ms: number): string {
  const pick = (value: number, unit: string) => {
    const rounded = Number(value.toFixed(value < 10 ? 1 : 0));
    return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
  };
  if (ms < 60_000) return pick(ms / 1000, 'second');
  if (ms < 3_600_000) return pick(ms / 60_000, 'minute');
  if (ms < 172_800_000) return pick(ms / 3_600_000, 'hour');
  return pick(ms / 86_400_000, 'day');
}
