import type { Content } from './content.js';
import type { MessageKey } from './messages.js';
import type { Lang, Localised } from './model.js';
import type { Choice, Effect, Reply, Route } from './reply.js';
import type { Session } from './session.js';

/**
 * Collects one transition's replies and effects. Choices are set once, on the last reply,
 * and bump the session's turn so buttons from earlier replies become stale.
 */
export class TurnBuilder {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  private offered: readonly Choice[] | null = null;

  constructor(
    public session: Session,
    readonly content: Content,
    public route: Route,
  ) {}

  get lang(): Lang {
    return this.session.lang;
  }

  /** A localised text in the session's language, with {name}, {service} and vars filled in. */
  t(key: MessageKey | Localised, vars: Readonly<Record<string, string | number>> = {}): string {
    const text = typeof key === 'string' ? this.content.messages[key][this.lang] : key[this.lang];
    const all: Record<string, string | number> = {
      name: this.content.clinic.name[this.lang],
      service: this.content.clinic.service[this.lang],
      minutes: this.content.sessionMinutes,
      ...vars,
    };
    return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in all ? String(all[k]) : m));
  }

  say(...texts: string[]): this {
    const text = texts.filter(Boolean).join('\n\n');
    if (text) this.replies.push({ text });
    return this;
  }

  /** The reply that ends this turn with choices; numbers and buttons refer to these. */
  ask(text: string, choices: readonly Choice[]): this {
    this.offered = choices;
    this.replies.push({ text, choices });
    return this;
  }

  effect(e: Effect): this {
    this.effects.push(e);
    return this;
  }

  update(patch: Partial<Session>): this {
    this.session = { ...this.session, ...patch };
    return this;
  }

  finish(): { session: Session; replies: Reply[]; effects: Effect[]; route: Route } {
    let session = this.session;
    let replies = this.replies;
    if (this.offered) {
      const turn = session.turn + 1;
      session = { ...session, choices: this.offered.map((c) => c.id), turn };
      replies = replies.map((r) => (r.choices ? { ...r, turn } : r));
    } else if (session.choices.length) {
      // A reply without choices closes the previous offer: "1" no longer means anything.
      session = { ...session, choices: [] };
    }
    return { session, replies, effects: this.effects, route: this.route };
  }
}
