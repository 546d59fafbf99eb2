import type { AppError } from '../bindings/AppError';
import type { ErrorCode } from '../bindings/ErrorCode';

// A record keyed by every ErrorCode: svelte-check fails when Rust adds a code not listed here.
const CODE_SET: Record<ErrorCode, true> = {
  empty_entry: true,
  not_found: true,
  invalid_date: true,
  invalid_input: true,
  database_corrupt: true,
  schema_too_new: true,
  disk_full: true,
  io: true,
  internal: true,
  model_unavailable: true,
  locked: true,
  wrong_passphrase: true,
  busy: true,
  key_missing: true,
  read_only: true,
};
const CODES = Object.keys(CODE_SET) as readonly ErrorCode[];

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * Every rejected invoke should reject with an AppError, but a bug, a missing
 * command or a webview outside Tauri rejects with a string or an Error:
 * normalise everything so that the UI only ever deals with AppError.
 */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) {
    const code = (CODES as readonly string[]).includes(value.code) ? value.code : 'internal';
    return { code: code as ErrorCode, message: value.message };
  }
  if (value instanceof Error) return { code: 'internal', message: value.message || String(value) };
  if (typeof value === 'string') return { code: 'internal', message: value };
  try {
    return { code: 'internal', message: JSON.stringify(value) ?? String(value) };
  } catch {
    return { code: 'internal', message: String(value) };
  }
}
