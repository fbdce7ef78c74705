import pino from 'pino';
import type { Logger } from '../core/ports.js';

/**
 * JSON logs on stderr, so stdout stays the conversation. Redaction is a second line of defence:
 * callers already pass only ids, routes and timings, never message text.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger & { child(b: Record<string, unknown>): Logger } {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['text', '*.text', 'userId', '*.userId', 'answers', '*.answers', 'name', '*.name'], censor: '[redacted]' },
    },
    destination as pino.DestinationStream,
  );
}
