import type { Lang } from './model.js';

export type NonTextKind = 'image' | 'voice' | 'video' | 'sticker' | 'file' | 'location' | 'link' | 'other';
export type CommandName = 'start' | 'menu' | 'check' | 'human' | 'reset' | 'delete' | 'help' | 'end';

/** A message as every channel hands it to the engine. */
export type Inbound =
  | { readonly kind: 'text'; readonly text: string; readonly langHint?: Lang }
  /** A pressed button: the choice id and the turn of the reply that offered it. */
  | { readonly kind: 'choice'; readonly id: string; readonly turn: number; readonly langHint?: Lang }
  | { readonly kind: 'command'; readonly name: CommandName; readonly langHint?: Lang }
  | { readonly kind: 'nontext'; readonly what: NonTextKind; readonly langHint?: Lang }
  /** A consultant acted on this user's ticket; it reaches the user through the same queue as their own messages. */
  | { readonly kind: 'desk'; readonly event: 'taken' | 'reply' | 'closed' | 'timeout'; readonly text?: string; readonly langHint?: Lang };

/** Who sent it: the channel and the platform's own id, never logged raw. */
export interface UserRef {
  readonly channel: string;
  readonly userId: string;
  /** The platform's display name, only for the consultant's case card (masked there), never logged. */
  readonly displayName?: string;
}
