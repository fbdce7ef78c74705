import { loadBundleOrExit } from './loadBundleOrExit.js';

/**
 * Run after `npm run build`: loads the knowledge base once, which trains the router and stores it
 * in .cache/router/, so the bot's first start loads it instead of training (about a second).
 */
loadBundleOrExit();
process.stderr.write('router trained and stored in .cache/router/\n');
