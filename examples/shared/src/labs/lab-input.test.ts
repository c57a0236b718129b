import { describe, expect, it } from 'vitest';
import type { AppError } from '../http/app-error';
import { parseLabInput } from './lab-input';

const SECRET = 'q8Yb3lR0dPz7XoW2mK9sT4vN6cA1eF5gH0jL2uQ3';
const input = { name: 'Acme Lab', bucket: 'sos-acme', region: 'Frankfurt', accessKeyId: 'AKIAQ7ZKEXAMPLEBT6WX' };

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('no error');
}

describe('parseLabInput', () => {
  it('cleans what a lab admin pastes: region names, spaces around the key', () => {
    const parsed = parseLabInput(
      { ...input, bucket: ' sos-acme ', accessKeyId: ` ${input.accessKeyId}\n`, secretAccessKey: ` ${SECRET} ` },
      { mode: 'aws' },
    );
    expect(parsed).toEqual({ ...input, region: 'eu-central-1', secretAccessKey: SECRET });
  });

  it('keeps an empty secret as "not entered", so a saved lab keeps its own', () => {
    expect(parseLabInput({ ...input, secretAccessKey: '  ' }, { mode: 'aws' }).secretAccessKey).toBeUndefined();
  });

  it("points at the field and says what to do: the guide's placeholder bucket", () => {
    const error = failure(() => parseLabInput({ ...input, bucket: 'yourbucketname' }, { mode: 'aws' }));
    expect(error).toMatchObject({ status: 400, code: 'BUCKET_NAME_PLACEHOLDER', options: { field: 'bucket' } });
    expect(error.options.hint).toBeTruthy();
  });

  it('suggests the region that was probably meant', () => {
    const error = failure(() => parseLabInput({ ...input, region: 'eu-centrl-1' }, { mode: 'aws' }));
    expect(error.options.field).toBe('region');
    expect(error.options.hint).toContain('Did you mean eu-central-1?');
  });

  it('notices swapped keys without repeating the secret', () => {
    const error = failure(() =>
      parseLabInput({ ...input, accessKeyId: SECRET, secretAccessKey: input.accessKeyId }, { mode: 'aws' }),
    );
    expect(error.code).toBe('CREDENTIALS_SWAPPED');
    expect(JSON.stringify([error.message, error.options])).not.toContain(SECRET);
  });

  it('accepts other key shapes and region names on an S3-compatible service', () => {
    const parsed = parseLabInput(
      { ...input, region: 'garage', accessKeyId: 'minio-user', secretAccessKey: 'short' },
      { mode: 'custom', endpoint: 'http://127.0.0.1:9000' },
    );
    expect(parsed).toMatchObject({ region: 'garage', accessKeyId: 'minio-user', secretAccessKey: 'short' });
  });

  it('asks for every field by name', () => {
    expect(failure(() => parseLabInput({ ...input, name: ' ' }, { mode: 'aws' })).message).toBe(
      'Enter the lab’s name.',
    );
    expect(failure(() => parseLabInput({ ...input, accessKeyId: '' }, { mode: 'embedded' })).options.field).toBe(
      'accessKeyId',
    );
  });
});
