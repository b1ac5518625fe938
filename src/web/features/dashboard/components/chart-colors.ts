import type { CaseCategory } from '../../../../contracts/cases.js';

// Fixed colours so a category keeps its colour across charts and ranges.
export const categoryColors: Record<CaseCategory, string> = {
  TECHNICAL_TRANSIENT: '#3b82f6',
  TECHNICAL_PERSISTENT: '#8b5cf6',
  BUSINESS_UNMODELED: '#f59e0b',
  DATA_CORRUPTION: '#ef4444',
  UNKNOWN_OUTCOME: '#ec4899',
  OPERATIONAL_UNSAFE: '#14b8a6',
};

const fallbackPalette = ['#64748b', '#0ea5e9', '#84cc16', '#f97316', '#a855f7', '#06b6d4'];

export function seriesColor(name: string, index: number): string {
  return (categoryColors as Record<string, string>)[name] ?? fallbackPalette[index % fallbackPalette.length]!;
}

export const outcomeColors = { done: '#16a34a', pending: '#f59e0b', failed: '#dc2626' } as const;
export const barColor = '#3b82f6';
