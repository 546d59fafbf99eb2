import { describe, expect, it } from 'vitest';
import { toAppError } from './errors';

describe('toAppError', () => {
  it('keeps AppError objects', () => {
    expect(toAppError({ code: 'disk_full', message: 'full' })).toEqual({ code: 'disk_full', message: 'full' });
  });
  it('normalises anything else to an internal error', () => {
    expect(toAppError('command save_entry not found')).toEqual({ code: 'internal', message: 'command save_entry not found' });
    expect(toAppError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toAppError({ code: 'weird', message: 'x' })).toEqual({ code: 'internal', message: 'x' });
    expect(toAppError(null).code).toBe('internal');
  });
});
