import { formatAbsolute, formatRelative } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

/** "12 min ago" in the user's zone; the exact UTC value on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={`${formatAbsolute(iso)} (local) · ${iso} UTC`}>
      {formatRelative(iso, now)}
    </time>
  );
}

/** Absolute local time; the UTC value on hover. */
export function AbsoluteTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={`${iso} UTC`}>
      {formatAbsolute(iso)}
    </time>
  );
}
