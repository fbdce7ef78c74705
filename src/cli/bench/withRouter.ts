import type { Router } from '../../knowledge/classifier/createRouter.js';
import type { Bundle } from '../../loadContent.js';

/**
 * The shipped bundle with another router behind `reader.classify` (intents, acts, scope rules and
 * red flags unchanged), so a baseline or a router trained on part of the corpus is scored through
 * the whole first-message pipeline.
 */
export function withRouterFactory(bundle: Bundle): (router: Router) => Bundle {
  return (router) => ({ ...bundle, reader: bundle.readerWith(router) });
}
