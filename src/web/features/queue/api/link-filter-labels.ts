// Words for the queue filters that only links set (see linkOnlyFilters): the chip says what the list is
// narrowed to, in the user's terms rather than the query string's.
import { codeInWords } from '../../../components/ui/labels.js';
import type { FilterName } from './queue-filters.js';

const list = (value: string, word: (v: string) => string) => value.split(',').map((v) => word(v.trim())).join(', ');

/** 90 → "1 h 30 min", 1440 → "1 day", 10080 → "7 days". */
export function formatMinutes(minutes: number): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes >= 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${minutes} min`;
}

const approvalWords: Record<string, string> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  breached: 'not decided in time',
};

export function describeLinkFilter(name: FilterName, value: string): string {
  const minutes = Number(value);
  switch (name) {
    case 'maxAgeMinutes':
      return Number.isFinite(minutes) ? `First seen in the last ${formatMinutes(minutes)}` : `First seen within ${value}`;
    case 'eventWithinMinutes':
      return Number.isFinite(minutes) ? `Command or request in the last ${formatMinutes(minutes)}` : `Within ${value}`;
    case 'topic':
      return `Topic ${value}`;
    case 'command':
      return `Recovery action: ${list(value, codeInWords)}`;
    case 'commandOutcome':
      return `Command outcome: ${list(value, (v) => v.toLowerCase())}`;
    case 'approval':
      return `Unsafe-retry request: ${list(value, (v) => approvalWords[v.toLowerCase()] ?? v)}`;
    default:
      return `${name}: ${value}`;
  }
}
