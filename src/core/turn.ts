import type { Act } from './act.js';
import type { Content } from './content.js';
import type { Intent, Reader, Understood } from './reader.js';
import type { Route } from './reply.js';

export interface EngineContext {
  /** Milliseconds since the epoch, passed in so the engine never reads a clock. */
  readonly now: number;
  readonly content: Content;
  readonly reader: Reader;
  /** A consultant desk is configured: only then may a reply speak of consultants being told. */
  readonly deskAvailable?: boolean;
  /** Days a call-back request is kept; quoted in its consent text. */
  readonly callbackDays?: number;
}

/** One free-text message, read once: its folded form, dialogue act and command intent. */
export interface Turn {
  readonly text: string;
  readonly folded: string;
  readonly act: Act | null;
  readonly intent: Intent | null;
  /** The classifier's reading, computed on first use and kept for the turn. */
  readonly understand: () => Understood;
  readonly ctx: EngineContext;
}

export const route = (r: Route['route'], id: string | null = null, score: number | null = null): Route => ({ route: r, id, score });
