/**
 * One problem found in something a person typed or pasted: a stable
 * UPPER_SNAKE `code` to branch on, a `message` that says what is wrong in
 * words a lab admin understands, and a `hint` that says what to do about it.
 *
 * Validators return these instead of throwing, so a form can show every
 * problem at once. Messages and hints never contain a secret.
 */
export interface ValidationIssue {
  /** Stable, documented, safe to branch on (e.g. `BUCKET_NAME_PLACEHOLDER`). */
  code: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do next. */
  hint: string;
}
