import { describe, expect, it } from 'vitest';
import { isSosUploadError, SosUploadError } from '../errors';
import { forUppy } from './uppy-error';

describe('forUppy', () => {
  it('joins the hint to the message, where Uppy shows it, and keeps code, status and source', () => {
    const error = new SosUploadError('FILE_TOO_LARGE', 'The file is too large', {
      source: 'sos',
      status: 413,
      hint: 'Choose a smaller file.',
    });
    const shown = forUppy(error);
    expect(shown.message).toBe('The file is too large. Choose a smaller file.');
    expect(isSosUploadError(shown)).toBe(true);
    expect(shown).toMatchObject({ code: 'FILE_TOO_LARGE', status: 413, source: 'sos', hint: 'Choose a smaller file.' });
    expect(shown.stack).toBe(error.stack);
  });

  it('leaves an error without a hint, or whose message already holds it, as it is', () => {
    const plain = new SosUploadError('SignatureDoesNotMatch', 'The signature does not match.', { source: 's3' });
    expect(forUppy(plain)).toBe(plain);
    const said = new SosUploadError('X', 'Failed. Try again.', { source: 'sos', hint: 'Try again.' });
    expect(forUppy(said)).toBe(said);
  });
});
