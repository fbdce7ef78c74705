/**
 * Dialogue acts: short replies that mean the same thing in every state (knowledge/acts.yaml).
 * In priority order: a message holding several ("不用了 谢谢") is the first of them.
 */
export const actNames = [
  'notEmergency', 'identity', 'withdraw', 'quit', 'restart', 'back', 'consent', 'check',
  'deny', 'unsure', 'bye', 'thanks', 'affirm', 'ack',
] as const;
export type ActName = (typeof actNames)[number];

/**
 * A message read as a dialogue act. `whole`: the message is nothing else ("好的,谢谢");
 * otherwise the act only opens it ("是的,我在吃药"), and the rest may still be a question.
 */
export interface Act {
  readonly name: ActName;
  readonly whole: boolean;
}
