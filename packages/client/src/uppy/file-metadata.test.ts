import { describe, expect, it } from 'vitest';
import { metadataFromMeta } from './file-metadata';

describe('metadataFromMeta', () => {
  const meta = { name: 'scan.png', type: 'image/png', relativePath: null, orderId: 'A-17', pages: 3, urgent: false };

  it('sends every field as text when allowedMetaFields is true, leaving out what is not one line', () => {
    expect(metadataFromMeta({ ...meta, tags: ['a'], extra: { a: 1 } }, true)).toEqual({
      name: 'scan.png',
      type: 'image/png',
      orderId: 'A-17',
      pages: '3',
      urgent: 'false',
    });
  });

  it('sends only the named fields, and none for false', () => {
    expect(metadataFromMeta(meta, ['orderId', 'pages', 'missing'])).toEqual({ orderId: 'A-17', pages: '3' });
    expect(metadataFromMeta(meta, false)).toEqual({});
  });

  it('does not read inherited properties', () => {
    expect(metadataFromMeta(Object.create({ orderId: 'inherited' }), ['orderId', 'toString'])).toEqual({});
  });
});
