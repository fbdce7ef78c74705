/** Expected failures are values: callers branch on `ok`, nothing throws on bad data or input. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** One thing wrong in the operators' data, located precisely enough to fix. */
export interface Problem {
  readonly file: string;
  readonly entry?: string;
  readonly field?: string;
  readonly message: string;
}

export const formatProblem = (p: Problem): string =>
  [p.file, p.entry && `entry "${p.entry}"`, p.field && `field "${p.field}"`].filter(Boolean).join(', ') + `: ${p.message}`;
