import type { Hours } from './describeHours.js';
import type { Messages } from './messages.js';
import type { ChecklistFlow, FaqEntry, Localised } from './model.js';

/** Everything operators wrote in knowledge/ and flows/, loaded and validated. */
export interface Content {
  readonly faq: ReadonlyMap<string, FaqEntry>;
  /** Topics offered by "常见问题", in order. */
  readonly faqList: readonly string[];
  readonly flow: ChecklistFlow;
  readonly messages: Messages;
  readonly emergencyReply: Localised;
  /** Idle minutes before a session and its answers expire; quoted in the consent text as {minutes}. */
  readonly sessionMinutes: number;
  readonly clinic: {
    readonly name: Localised;
    readonly service: Localised;
    readonly hours: Hours | null;
    /** Shown with the emergency reply for self-harm; null: the clinic gave none, so none is shown. */
    readonly crisisLine: string | null;
  };
}
