// Server-Sent Events frames (https://html.spec.whatwg.org/multipage/server-sent-events.html). Data is one line
// of JSON: JSON.stringify never writes a raw newline, so a frame cannot be split or forged by its content.

export const sseEvent = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** A comment line: ignored by EventSource, but it keeps proxies and the browser from timing the stream out. */
export const sseComment = (text: string): string => `: ${text}\n\n`;

/** How long EventSource waits before it reconnects after the stream drops. */
export const sseRetry = (ms: number): string => `retry: ${Math.round(ms)}\n\n`;
