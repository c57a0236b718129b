import { describe, expect, it } from 'vitest';
import { typeAgreesWithExtension } from './content-type';
import {
  checkFile,
  checkFiles,
  DEFAULT_MIN_FILE_SIZE,
  type FileRules,
  formatBytes,
  parseFileRules,
} from './file-rules';

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

  it('refuses an empty file by default, when the rules set no minFileSize, saying it is empty', () => {
    for (const rules of [undefined, {}, { maxFileSize: 1000 }]) {
      expect(() => checkFile({ name: 'scan.pdf', type: 'application/pdf', size: 0 }, rules)).toThrow(
        expect.objectContaining({
          code: 'FILE_TOO_SMALL',
          status: 400,
          message: 'scan.pdf is empty (0 bytes): there is nothing in it to upload.',
          hint: expect.stringMatching(/^Choose the file again/),
          details: { name: 'scan.pdf', size: 0, minFileSize: DEFAULT_MIN_FILE_SIZE },
        }),
      );
    }
    expect(DEFAULT_MIN_FILE_SIZE).toBe(1);
    expect(checkFile({ name: 'scan.pdf', type: 'application/pdf', size: 1 })).toMatchObject({ size: 1 });
  });

  it('accepts an empty file when minFileSize is 0', () => {
    expect(checkFile({ name: 'empty.txt', type: 'text/plain', size: 0 }, { minFileSize: 0 })).toEqual({
      name: 'empty.txt',
      size: 0,
      contentType: 'text/plain',
    });
    expect(parseFileRules({ minFileSize: 0 })).toEqual({ minFileSize: 0 });
  });

  it('names the minimum, not emptiness, for a file under a minFileSize above 1', () => {
    expect(() => checkFile({ name: 'x.png', type: 'image/png', size: 10 }, { minFileSize: 100 })).toThrow(
      expect.objectContaining({
        code: 'FILE_TOO_SMALL',
        message: 'x.png is 10 bytes; files must be at least 100 bytes.',
      }),
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
    expect(
      checkFile({ name: 'photo.png', type: 'application/pdf', size: 5 }, { requireTypeMatch: false }).contentType,
    ).toBe('application/pdf');
  });

  describe('the declared type, as it will be signed and stored', () => {
    it.each([
      ['application/pdf;a=,text/html', 'r.pdf', ['application/pdf']],
      ['image/png, text/html', 'x.png', ['image/*']],
      ['image/png,text/html', 'x.png', ['*/*']],
      ['image/png; text/html', 'x.png', ['image/*']],
      ['image/png; name=x', 'x.png', ['image/*']],
      ['image/png\r\nx-a: b', 'x.png', ['image/*']],
      ['image/ png', 'x.png', ['image/*']],
    ])('refuses %j for %s with INVALID_CONTENT_TYPE', (type, name, allowedTypes) => {
      expect(() => checkFile({ name, type, size: 5 }, { allowedTypes })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONTENT_TYPE', hint: expect.any(String) }),
      );
    });

    it('returns the type normalised: lower case, and a charset by its canonical name', () => {
      expect(checkFile({ name: 'a.png', type: 'IMAGE/PNG', size: 5 }, { allowedTypes: ['image/*'] }).contentType).toBe(
        'image/png',
      );
      expect(checkFile({ name: 'a.txt', type: ' text/plain ;charset=UTF8', size: 5 }).contentType).toBe(
        'text/plain; charset=utf-8',
      );
    });

    it.each([
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['a.xhtml', 'application/xhtml+xml'],
      ['a.xml', 'application/xml'],
      ['a.js', 'text/javascript'],
      ['feed.rss', 'application/rss+xml'],
    ])('never lets a wildcard admit active content: %s as %s', (name, type) => {
      for (const allowedTypes of [['*/*'], ['*'], [`${type.split('/')[0]}/*`], undefined]) {
        const rules = allowedTypes === undefined ? {} : { allowedTypes };
        expect(() => checkFile({ name, type, size: 5 }, rules)).toThrow(
          expect.objectContaining({
            code: 'FILE_TYPE_NOT_ALLOWED',
            hint: `HTML, SVG, XML and script files are accepted only where the accepted types name them exactly (such as '${type}').`,
            details: expect.objectContaining({ activeContent: true }),
          }),
        );
        // The type inferred from the extension is held to the same rule.
        expect(() => checkFile({ name, type: '', size: 5 }, rules)).toThrow(
          expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED' }),
        );
      }
    });

    it('admits active content that the rules name, by type or by its own extension', () => {
      expect(
        checkFile({ name: 'logo.svg', type: 'image/svg+xml', size: 5 }, { allowedTypes: ['image/svg+xml'] })
          .contentType,
      ).toBe('image/svg+xml');
      expect(checkFile({ name: 'logo.svg', type: '', size: 5 }, { allowedTypes: ['.svg'] }).contentType).toBe(
        'image/svg+xml',
      );
      // An extension entry admits only its own type, even when the type check is off.
      expect(() =>
        checkFile(
          { name: 'logo.svg', type: 'text/html', size: 5 },
          { allowedTypes: ['.svg'], requireTypeMatch: false },
        ),
      ).toThrow(expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED' }));
      expect(() =>
        checkFile(
          { name: 'scan.stl', type: 'text/html', size: 5 },
          { allowedTypes: ['.stl'], requireTypeMatch: false },
        ),
      ).toThrow(expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED' }));
    });
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
