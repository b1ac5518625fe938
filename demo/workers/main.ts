/**
 * The demo's external-task workers, one long-polling client for all subscribed topics.
 *
 *   CAMUNDA_URL=http://127.0.0.1:8080/engine-rest CAMUNDA_WORKER_USER=demoworker CAMUNDA_WORKER_PASSWORD=worker-secret \
 *   ORDERS_URL=http://127.0.0.1:8091 INVENTORY_URL=http://127.0.0.1:8092 BILLING_URL=http://127.0.0.1:8093 \
 *     npx tsx demo/workers/main.ts [--topics check-availability,reserve-inventory]
 */
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { BasicAuthInterceptor, Client } from 'camunda-external-task-client-js';
import { envNumber, envString, serviceUrlsFromEnv } from '../lib/config.js';
import { isMain } from '../lib/http.js';
import { handleTask, TOPIC_VARIABLES, TOPICS, type Topic, type WorkerDeps } from './handlers.js';

export interface WorkerOptions {
  engineUrl: string;
  user: string;
  password: string;
  topics?: readonly Topic[];
  deps: WorkerDeps;
  /** Long-poll duration of fetchAndLock; keep it short so failed/retried tasks are picked up quickly. */
  asyncResponseTimeout?: number;
  lockDuration?: number;
}

export interface RunningWorkers {
  topics: readonly Topic[];
  stop(): void;
}

export function startWorkers(options: WorkerOptions): RunningWorkers {
  const topics = options.topics ?? TOPICS;
  const client = new Client({
    baseUrl: options.engineUrl,
    workerId: options.deps.workerId,
    asyncResponseTimeout: options.asyncResponseTimeout ?? 1000,
    interval: 50,
    maxTasks: 10,
    lockDuration: options.lockDuration ?? 20_000,
    interceptors: new BasicAuthInterceptor({ username: options.user, password: options.password }),
  });
  let lastPollError = '';
  client.on('poll:error', (err: Error) => {
    // Log a repeated polling error once (e.g. engine not up yet), not every 50 ms.
    if (err.message !== lastPollError) options.deps.log(`polling failed: ${err.message}`);
    lastPollError = err.message;
  });
  client.on('poll:success', () => {
    if (lastPollError) options.deps.log('polling works again');
    lastPollError = '';
  });
  for (const topic of topics) {
    client.subscribe(topic, { variables: TOPIC_VARIABLES[topic] }, ({ task, taskService }) =>
      handleTask(topic, task, taskService, options.deps),
    );
  }
  return { topics, stop: () => client.stop() };
}

export function parseTopics(arg: string | undefined): readonly Topic[] {
  if (!arg) return TOPICS;
  const list = arg.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = list.filter((t) => !TOPICS.includes(t as Topic));
  if (unknown.length) throw new Error(`unknown topic(s) ${unknown.join(', ')}; known: ${TOPICS.join(', ')}`);
  return list as Topic[];
}

export function workerOptionsFromEnv(topics?: readonly Topic[]): WorkerOptions {
  const log = (line: string) => console.log(`[workers] ${line}`);
  return {
    engineUrl: envString('CAMUNDA_URL', 'http://127.0.0.1:8080/engine-rest'),
    user: envString('CAMUNDA_WORKER_USER', 'demoworker'),
    password: envString('CAMUNDA_WORKER_PASSWORD', 'worker-secret'),
    topics,
    asyncResponseTimeout: envNumber('WORKER_ASYNC_RESPONSE_TIMEOUT_MS', 1000),
    lockDuration: envNumber('WORKER_LOCK_DURATION_MS', 20_000),
    deps: {
      ...serviceUrlsFromEnv(),
      retryTimeoutMs: envNumber('WORKER_RETRY_TIMEOUT_MS', 1000),
      httpTimeoutMs: envNumber('WORKER_HTTP_TIMEOUT_MS', 1500),
      workerId: envString('WORKER_ID', `demo-worker-${hostname()}-${process.pid}`),
      log,
    },
  };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { topics: { type: 'string' } } });
  let topics: readonly Topic[];
  try {
    topics = parseTopics(values.topics);
  } catch (err) {
    console.error(`[workers] ${(err as Error).message}`);
    process.exit(2);
  }
  const options = workerOptionsFromEnv(topics);
  const workers = startWorkers(options);
  console.log(`[workers] ${options.deps.workerId} polling ${options.engineUrl} for ${workers.topics.join(', ')}`);
  const stop = () => {
    workers.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
