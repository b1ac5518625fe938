// A real Alertmanager for the alert integration tests: Debian's prometheus-alertmanager started on a free port
// with a minimal config that groups by alert name and scope and forwards every notification to a local
// receiver, which also takes the workbench's signed webhook (/hook). One per test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../scripts/lib/managed-process.js';
import { eventually } from './engine-probe.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  status: { state: string };
}

export interface TestAlertmanager {
  url: string;
  /** The receiver's base URL: the workbench's webhook goes to `${hooksUrl}/hook`. */
  hooksUrl: string;
  /** Every POST the receiver got: the signed webhook (/hook) and Alertmanager's notifications (/am). */
  received: Received[];
  /** Alertmanager's active alerts matching these label values (`GET /api/v2/alerts`). */
  alerts(labels: Record<string, string>): Promise<AmAlert[]>;
  /** Alertmanager's notifications to its receiver, parsed. */
  notifications(): { status: string; alerts: AmAlert[]; groupLabels: Record<string, string> }[];
  close(): Promise<void>;
}

async function receiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}

export async function startAlertmanager(): Promise<TestAlertmanager> {
  if (!existsSync(ALERTMANAGER)) throw new Error(`${ALERTMANAGER} is missing: apt-get install -y prometheus-alertmanager`);
  const hooks = await receiver();
  const dir = mkdtempSync(path.join(tmpdir(), 'alertmanager-'));
  writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: capture',
      "  group_by: ['alertname', 'scope']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: capture',
      '    webhook_configs:',
      `      - url: ${hooks.url}/am`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const am: ChildProcess = spawn(
    ALERTMANAGER,
    [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: 'ignore' },
  );
  await eventually(async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok, 15_000, 'Alertmanager ready');
  return {
    url,
    hooksUrl: hooks.url,
    received: hooks.received,
    async alerts(labels) {
      const query = Object.entries(labels).map(([k, v]) => `filter=${encodeURIComponent(`${k}="${v}"`)}`).join('&');
      const response = await fetch(`${url}/api/v2/alerts?${query}`);
      if (response.status !== 200) throw new Error(`Alertmanager answered ${response.status}`);
      return (await response.json()) as AmAlert[];
    },
    notifications: () => hooks.received.filter((r) => r.path === '/am').map((r) => JSON.parse(r.body) as { status: string; alerts: AmAlert[]; groupLabels: Record<string, string> }),
    async close() {
      // Wait for it to exit: it writes its data folder until then, and the folder goes next.
      if (am.exitCode === null && am.signalCode === null) {
        const exited = new Promise<void>((resolve) => am.once('exit', () => resolve()));
        am.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
      await new Promise<void>((resolve) => hooks.server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
