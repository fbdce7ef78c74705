/**
 * A process with a stray rejection, as a library timer can leave one: run with `guarded` to install
 * the bot's guard first. Prints "alive" if the process outlives the rejection.
 */
import { createLogger } from '../../src/log/createLogger.js';
import { guardRejections } from '../../src/runtime/guardRejections.js';

if (process.argv.includes('guarded')) guardRejections(createLogger('error', process.stderr));
void Promise.reject(new Error('Command timed out'));
setTimeout(() => process.stdout.write('alive\n'), 50);
