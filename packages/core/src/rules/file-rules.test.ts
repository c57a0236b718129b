import { describe, expect, it } from 'vitest';
import { typeAgreesWithExtension } from './content-type';
import { checkFile, checkFiles, type FileRules, formatBytes, parseFileRules } from './file-rules';

const dentalRules: FileRules = {
  maxFileSize: 5 * 1024 ** 3,
  minFileSize: 1,
  allowedTypes: ['image/*', 'application/pdf', '.stl', '.dcm', '.ply'],
  maxFiles: 3,
};

describe('checkFile', () => {
  it('accepts a file matching a MIME type, a wildcard or an extension', () => {
    expect(checkFile({ name: 'xray.png', type: 'image/png', size: 20_000 }, dentalRules).contentType).toBe('image/png');
    expect(checkFile({ name: 'order.pdf', type: 'application/pdf', size: 1 }, dentalRules).contentType).toBe(
      'application/pdf',
    );
    expect(checkFile({ name: 'jaw.STL', type: 'model/stl', size: 10 }, dentalRules)).toEqual({
      name: 'jaw.stl',
      size: 10,
      contentType: 'model/stl',
    });
  });

  it('fills an empty or generic type from the MIME database, or falls back to octet-stream', () => {
    expect(checkFile({ name: 'scan.dcm', type: '', size: 1 }, dentalRules).contentType).toBe('application/dicom');
    expect(checkFile({ name: 'scan.stl', type: 'application/octet-stream', size: 1 }).contentType).toBe('model/stl');
    expect(checkFile({ name: 'mesh.ply', size: 1 }, dentalRules).contentType).toBe('application/octet-stream');
  });

  it('accepts the 5 GiB CBCT scan at the limit and refuses one byte more with FILE_TOO_LARGE (413)', () => {
    const limit = dentalRules.maxFileSize ?? 0;
    expect(() => checkFile({ name: 'cbct.dcm', type: 'application/dicom', size: limit }, dentalRules)).not.toThrow();
    expect(() => checkFile({ name: 'cbct.dcm', type: 'application/dicom', size: limit + 1 }, dentalRules)).toThrow(
      expect.objectContaining({ code: 'FILE_TOO_LARGE', status: 413, message: expect.stringContaining('5 GiB') }),
    );
  });

  it('refuses an empty file with FILE_TOO_SMALL when minFileSize is 1', () => {
    expect(() => checkFile({ name: 'x.png', type: 'image/png', size: 0 }, dentalRules)).toThrow(
      expect.objectContaining({ code: 'FILE_TOO_SMALL', status: 400 }),
    );
  });

  it('refuses a type outside allowedTypes with FILE_TYPE_NOT_ALLOWED (415) and names what is accepted', () => {
    expect(() => checkFile({ name: 'run.exe', type: 'application/x-msdownload', size: 5 }, dentalRules)).toThrow(
      expect.objectContaining({
        code: 'FILE_TYPE_NOT_ALLOWED',
        status: 415,
        hint: expect.stringContaining('.stl'),
      }),
    );
  });

  it('refuses a declared type that contradicts the extension with FILE_TYPE_MISMATCH', () => {
    expect(() => checkFile({ name: 'photo.png', type: 'text/html', size: 5 })).toThrow(
      expect.objectContaining({ code: 'FILE_TYPE_MISMATCH' }),
    );
    expect(() => checkFile({ name: 'scan.stl', type: 'image/png', size: 5 }, dentalRules)).toThrow(
      expect.objectContaining({ code: 'FILE_TYPE_MISMATCH' }),
    );
  });

  it('can be told not to compare type and extension', () => {
    expect(checkFile({ name: 'photo.png', type: 'text/html', size: 5 }, { requireTypeMatch: false }).contentType).toBe(
      'text/html',
    );
  });

  it('cleans the name it reports, so hostile names never reach a message', () => {
    const checked = checkFile({ name: '../../evil\u202Egnp.png', type: 'image/png', size: 3 });
    expect(checked.name).toBe('evilgnp.png');
  });

  it('refuses a malformed description with INVALID_INPUT', () => {
    expect(() => checkFile({ name: 'a.png', type: 'image/png', size: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => checkFile({ name: 'a.png', type: 'image/png', size: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('checkFiles', () => {
  it('refuses more files than maxFiles with TOO_MANY_FILES before looking at any file', () => {
    const file = { name: 'a.exe', type: 'application/x-msdownload', size: 1 };
    expect(() => checkFiles([file, file, file, file], dentalRules)).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_FILES', status: 400 }),
    );
  });

  it('checks every file and returns their signing types in order', () => {
    const checked = checkFiles(
      [
        { name: 'a.png', type: 'image/png', size: 1 },
        { name: 'b.stl', type: '', size: 2 },
      ],
      dentalRules,
    );
    expect(checked.map((file) => file.contentType)).toEqual(['image/png', 'model/stl']);
  });
});

describe('typeAgreesWithExtension', () => {
  it.each([
    ['image/jpeg', 'jpg', true],
    ['image/jpg', 'jpg', true],
    ['application/vnd.ms-pki.stl', 'stl', true],
    ['application/sla', 'stl', true],
    ['model/stl', 'stl', true],
    ['application/vnd.ms-excel', 'csv', true],
    ['text/csv', 'csv', true],
    ['application/x-zip-compressed', 'zip', true],
    ['text/html', 'png', false],
    ['image/png', 'pdf', false],
    ['application/x-anything', 'png', false],
    ['image/png', 'ply', undefined],
    ['image/png', '', undefined],
  ])('%s and .%s agree: %s', (type, extension, expected) => {
    expect(typeAgreesWithExtension(type, extension)).toBe(expected);
  });
});

describe('parseFileRules', () => {
  it('normalises entries and accepts valid rules', () => {
    expect(parseFileRules({ allowedTypes: [' Image/* ', '.STL'], maxFiles: 2 })).toEqual({
      allowedTypes: ['image/*', '.stl'],
      maxFiles: 2,
    });
  });

  it.each([
    ['a negative size', { maxFileSize: -1 }],
    ['min above max', { minFileSize: 10, maxFileSize: 5 }],
    ['an empty type list', { allowedTypes: [] }],
    ['a nonsense type', { allowedTypes: ['stl files'] }],
    ['an unknown rule', { maxSize: 5 }],
    ['zero files', { maxFiles: 0 }],
  ])('refuses %s with INVALID_INPUT', (_case, rules) => {
    expect(() => parseFileRules(rules)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('formatBytes', () => {
  it('prints sizes for people', () => {
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GiB');
  });
});
