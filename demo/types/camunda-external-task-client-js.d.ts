/**
 * The parts of camunda-external-task-client-js 3.x the demo workers use. The package ships no types and the
 * DefinitelyTyped package describes the old CommonJS API, hence this local declaration.
 */
declare module 'camunda-external-task-client-js' {
  export type Interceptor = (config: Record<string, unknown>) => Record<string, unknown>;

  export interface ClientConfig {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: Interceptor | Interceptor[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }

  export interface SubscribeOptions {
    lockDuration?: number;
    variables?: string[];
    businessKey?: string;
    processDefinitionKey?: string;
    processDefinitionKeyIn?: string[];
    localVariables?: boolean;
  }

  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    constructor(initialVariables?: Record<string, TypedValue>, options?: Record<string, unknown>);
    get(name: string): unknown;
    getTyped(name: string): TypedValue | undefined;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): Variables;
    setTyped(name: string, typedValue: TypedValue): Variables;
    setAll(values: Record<string, unknown>): Variables;
    getDirtyVariables(): Record<string, TypedValue>;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    retries: number | null;
    errorMessage: string | null;
    businessKey: string | null;
    processInstanceId: string;
    processDefinitionKey: string;
    activityId: string;
    activityInstanceId: string;
    lockExpirationTime: string;
    priority: number;
    variables: Variables;
  }

  export interface HandleFailureOptions {
    errorMessage?: string;
    errorDetails?: string;
    retries?: number;
    retryTimeout?: number;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => unknown | Promise<unknown>;

  export interface TopicSubscription {
    unsubscribe(): void;
    handler: Handler;
    lockDuration: number;
  }

  export class Client {
    constructor(config: ClientConfig);
    subscribe(topic: string, options: SubscribeOptions, handler: Handler): TopicSubscription;
    subscribe(topic: string, handler: Handler): TopicSubscription;
    start(): void;
    stop(): void;
    on(event: string, listener: (...args: any[]) => void): this;
  }

  /** `new BasicAuthInterceptor(...)` returns the interceptor function itself. */
  export const BasicAuthInterceptor: new (options: { username: string; password: string }) => Interceptor;

  export const logger: ((client: Client) => void) & { level(level: string): (client: Client) => void };
}
