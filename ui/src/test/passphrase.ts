/** The checks every form that sets a new passphrase (typed twice) shares. */
import { expect } from 'vitest';

/** A form with a new passphrase typed twice: the encryption settings, an encrypted export. */
export interface PassphraseForm {
  passphrase: string;
  confirm: string;
  readonly problem: unknown;
}

/**
 * Expects `submit` to refuse a too-short passphrase, then `good` confirmed as `mistyped`, each
 * with its message. Leaves `good` typed and `mistyped` as the confirmation.
 */
export async function expectWeakPassphrasesRefused(
  form: PassphraseForm,
  submit: () => Promise<boolean>,
  good: string,
  mistyped: string,
): Promise<void> {
  form.passphrase = 'short';
  form.confirm = 'short';
  expect(await submit()).toBe(false);
  expect(form.problem).toEqual({ key: 'encryption.tooShort' });
  form.passphrase = good;
  form.confirm = mistyped;
  expect(await submit()).toBe(false);
  expect(form.problem).toEqual({ key: 'encryption.mismatch' });
}
