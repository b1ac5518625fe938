import { formatAbsolute, formatCountdown } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

/**
 * Live time left until `until` ("in 8 min 05 s", ticking every second), "expired" after it. With `soonMs`,
 * marks the last stretch (class `countdown--soon` and the words "expiring soon"), since colour alone says nothing
 * to a screen reader.
 */
export function Countdown({ until, soonMs }: { until: string; soonMs?: number }) {
  const now = useNow(1000);
  const left = formatCountdown(until, now);
  const soon = left !== null && soonMs !== undefined && new Date(until).getTime() - now < soonMs;
  return (
    <span className={`countdown${soon ? ' countdown--soon' : ''}${left === null ? ' countdown--over' : ''}`} data-testid="countdown">
      <time dateTime={until} title={`${formatAbsolute(until)} (local) · ${until} UTC`}>
        {left === null ? 'expired' : `in ${left}`}
      </time>
      {soon ? <span className="countdown__soon">expiring soon</span> : null}
    </span>
  );
}
