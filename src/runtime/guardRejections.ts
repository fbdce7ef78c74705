import type { Logger } from '../core/ports.js';

/**
 * Node ends the process on a promise rejection nobody handled. Every rejection of ours is handled
 * where it happens; this is the net under a library's (issue 17 saw an ioredis "Command timed out"
 * end the bot under a burst of erasures, and it could not be reproduced since). One stray timer
 * must not end every patient's conversation: it is logged, counted, and the bot goes on.
 * Only the error's name is logged: a message could quote what a patient wrote. Uncaught
 * exceptions still end the process: after one, its state is unknown.
 */
export function guardRejections(logger: Logger, onRejection: () => void = () => undefined): () => void {
  const listener = (reason: unknown): void => {
    onRejection();
    logger.error({ code: 'CSB_UNHANDLED_REJECTION', err: reason instanceof Error ? reason.name : typeof reason }, 'a promise rejection was not handled; the bot goes on');
  };
  process.on('unhandledRejection', listener);
  return () => void process.off('unhandledRejection', listener);
}
