// The operators' traffic: a mix of queue, search, dashboard and case-page requests at a fixed total rate, each
// from a random signed-in operator, driven by autocannon. autocannon sends at most `rate` requests per second
// per instance, at the start of each second; the mix is therefore split into slices started at staggered
// offsets within the second, so arrivals spread over the second as independent operators' clicks would.
import autocannon from 'autocannon';

export const KINDS = ['queue', 'search', 'dashboard', 'case'] as const;
export type Kind = (typeof KINDS)[number];

/** Share of each kind in the operators' clicks (the queue is the page left open and refreshed most). */
export const MIX: Record<Kind, number> = { queue: 0.35, search: 0.3, dashboard: 0.15, case: 0.2 };

export interface LoadTargets {
  /** Replica base URLs; slices are spread over them round-robin. */
  urls: string[];
  /** Session cookies of the signed-in operators; each request picks one at random. */
  cookies: string[];
  /** The next request path of each kind (random ids, terms). */
  paths: Record<Kind, () => string>;
}

export interface KindFigures {
  kind: Kind | 'all';
  requests: number;
  /** Answered requests per second actually achieved (below the offered rate when the BFF falls behind). */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** 5xx answers, connection errors and timeouts. */
  errors: number;
  /** 4xx answers (a bench bug or an expired session: reported, never expected). */
  clientErrors: number;
  /** Answers per replica URL, to show that every replica serves. */
  byUrl: Record<string, number>;
  statuses: Record<string, number>;
}

interface Samples {
  latencies: number[];
  errors: number;
  clientErrors: number;
  byUrl: Record<string, number>;
  statuses: Record<string, number>;
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function figures(kind: Kind | 'all', samples: Samples, seconds: number): KindFigures {
  const sorted = [...samples.latencies].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    kind,
    requests: sorted.length,
    rps: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    errors: samples.errors,
    clientErrors: samples.clientErrors,
    byUrl: samples.byUrl,
    statuses: samples.statuses,
  };
}

/** Splits an integer rate into `parts` integer rates that sum to it (none zero). */
function splitRate(rate: number, parts: number): number[] {
  const base = Math.floor(rate / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < rate % parts ? 1 : 0)).filter((r) => r > 0);
}

/** Runs the mix at `rate` requests per second in total for `durationS` seconds. */
export async function runMix(targets: LoadTargets, rate: number, durationS: number): Promise<KindFigures[]> {
  const samples = Object.fromEntries(KINDS.map((k) => [k, { latencies: [], errors: 0, clientErrors: 0, byUrl: {}, statuses: {} } as Samples])) as Record<Kind, Samples>;
  const runs: Promise<void>[] = [];
  let slot = 0;
  KINDS.forEach((kind, kindIndex) => {
    const kindRate = Math.max(1, Math.round(rate * MIX[kind]));
    const slices = splitRate(kindRate, Math.min(kindRate, 8));
    slices.forEach((sliceRate, i) => {
      const url = targets.urls[slot++ % targets.urls.length]!;
      const offsetMs = ((i + kindIndex / KINDS.length) / slices.length) * 1000;
      runs.push(runSlice(kind, url, sliceRate, durationS, offsetMs, targets, samples[kind]));
    });
  });
  await Promise.all(runs);
  const all: Samples = { latencies: [], errors: 0, clientErrors: 0, byUrl: {}, statuses: {} };
  for (const s of Object.values(samples)) {
    all.latencies.push(...s.latencies);
    all.errors += s.errors;
    all.clientErrors += s.clientErrors;
    for (const [u, n] of Object.entries(s.byUrl)) all.byUrl[u] = (all.byUrl[u] ?? 0) + n;
    for (const [c, n] of Object.entries(s.statuses)) all.statuses[c] = (all.statuses[c] ?? 0) + n;
  }
  return [...KINDS.map((k) => figures(k, samples[k], durationS)), figures('all', all, durationS)];
}

async function runSlice(kind: Kind, url: string, rate: number, durationS: number, offsetMs: number, targets: LoadTargets, into: Samples): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, offsetMs));
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: rate,
        overallRate: rate,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({ ...request, path: targets.paths[kind](), headers: { accept: 'application/json', cookie: pick(targets.cookies) } }),
          },
        ],
      },
      (error) => (error ? reject(error) : resolve()),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      into.latencies.push(responseTime);
      into.byUrl[url] = (into.byUrl[url] ?? 0) + 1;
      into.statuses[statusCode] = (into.statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 500) into.errors++;
      else if (statusCode >= 400) into.clientErrors++;
    });
    instance.on('reqError', () => {
      into.errors++;
      into.statuses.error = (into.statuses.error ?? 0) + 1;
    });
  });
}
