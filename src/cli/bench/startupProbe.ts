import { loadBundleOrExit } from '../loadBundleOrExit.js';

// The smallest program that gets the bot ready: knowledge base loaded and checked, index built.
// It prints how long that took inside the process, measured from Node's own time origin.
const bundle = loadBundleOrExit();
process.stdout.write(`${JSON.stringify({ ready_ms: performance.now(), entries: bundle.content.faq.size })}\n`);
