// jsdom has no EventSource. This one is enough for the app and for msw's `sse` handlers: it reads the stream
// with fetch (which msw intercepts), parses frames per the HTML spec, reconnects after a dropped stream, and
// closes for good on a refused one (an HTTP error or another content type), as browsers do.
type Listener = (event: Event) => void;

export class TestEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  readonly url: string;
  readonly withCredentials = false;
  onopen: Listener | null = null;
  onmessage: Listener | null = null;
  onerror: Listener | null = null;
  private controller: AbortController | null = null;
  private retryMs = 1000;

  constructor(url: string | URL) {
    super();
    this.url = new URL(String(url), window.location.href).toString();
    void this.connect();
  }

  close(): void {
    this.readyState = TestEventSource.CLOSED;
    this.controller?.abort();
  }

  override dispatchEvent(event: Event): boolean {
    const handler = { open: this.onopen, message: this.onmessage, error: this.onerror }[event.type];
    handler?.call(this, event);
    return super.dispatchEvent(event);
  }

  private async connect(): Promise<void> {
    if (this.readyState === TestEventSource.CLOSED) return;
    this.controller = new AbortController();
    let response: Response;
    try {
      response = await fetch(this.url, { headers: { accept: 'text/event-stream' }, signal: this.controller.signal });
    } catch {
      return this.dropped();
    }
    if (this.readyState === TestEventSource.CLOSED) return;
    if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream') || !response.body) {
      this.readyState = TestEventSource.CLOSED;
      this.dispatchEvent(new Event('error'));
      return;
    }
    this.readyState = TestEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
    try {
      await this.read(response.body);
    } catch {
      // aborted or errored: dropped below
    }
    this.dropped();
  }

  private dropped(): void {
    if (this.readyState === TestEventSource.CLOSED) return;
    this.readyState = TestEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
    setTimeout(() => void this.connect(), this.retryMs);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.frame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  private frame(text: string): void {
    let type = 'message';
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (data.length === 0 || this.readyState === TestEventSource.CLOSED) return;
    this.dispatchEvent(new MessageEvent(type, { data: data.join('\n'), origin: new URL(this.url).origin }));
  }
}
