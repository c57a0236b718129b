import { describe, expect, it } from 'vitest';
import { sanitizeFilename, sanitizeFilenameParts } from './sanitize-filename';

describe('sanitizeFilename', () => {
  it.each([
    ['scan.stl', 'scan.stl'],
    ['C:\\Scans\\Jaw <upper>.STL', 'Jaw _upper_.stl'],
    ['../../etc/passwd', 'passwd'],
    ['/absolute/path/x.pdf', 'x.pdf'],
    ['folder/..', 'folder'],
    ['..', 'file'],
    ['', 'file'],
    ['.htaccess', 'htaccess'],
    ['...', 'file'],
    ['report .PDF', 'report.pdf'],
    ['name. . .', 'name'],
    ['a\u0000b\u0007c\u007f.txt', 'abc.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['\u2066x\u2069\u200B\uFEFF.png', 'x.png'],
    ['a{b}c^d%e`f[g]h"i<j>k~l#m|n:o*p?q.txt', 'a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q.txt'],
    ['tabs\tand\nnew lines.txt', 'tabsandnew lines.txt'],
    ['many   \u00A0 spaces.txt', 'many spaces.txt'],
    ['CON', 'CON_'],
    ['nul.txt', 'nul_.txt'],
    ['com1.log', 'com1_.log'],
    ['Lpt9', 'Lpt9_'],
    ['console.txt', 'console.txt'],
    ['archive.tar.GZ', 'archive.tar.gz'],
    ['no-extension', 'no-extension'],
    ['weird.ext-with-dash', 'weird.ext-with-dash'],
    ['.stl', 'stl'],
    ['scan.stl\u0000.exe', 'scan.stl.exe'],
  ])('turns %j into %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('normalises Unicode to NFC so one name always gives one key', () => {
    const decomposed = 'Zahnarzt-Befund-Mu\u0308ller.pdf';
    expect(sanitizeFilename(decomposed)).toBe('Zahnarzt-Befund-M\u00fcller.pdf');
  });

  it('uses the fallback for a name with nothing usable left', () => {
    expect(sanitizeFilename('\u202E\u0000', { fallback: 'upload' })).toBe('upload');
    expect(sanitizeFilename('///', { fallback: 'upload' })).toBe('upload');
  });

  it('shortens a long base name to the byte limit, keeping the extension and whole characters', () => {
    const name = `${'🦷'.repeat(100)}.STL`;
    const result = sanitizeFilename(name);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(255);
    expect(result.endsWith('.stl')).toBe(true);
    expect(result).toBe(`${'🦷'.repeat(62)}.stl`);
    expect(result).not.toMatch(/\p{Cs}/u);
  });

  it('never splits an emoji sequence when shortening', () => {
    const family = '👨‍👩‍👧';
    const result = sanitizeFilename(`${family.repeat(20)}.png`, { maxBytes: 39 });
    expect(result).toBe(`${family}.png`);
    expect(sanitizeFilename(`${family.repeat(20)}.png`, { maxBytes: 40 })).toBe(`${family.repeat(2)}.png`);
  });

  it('splits the result into base name and lower-case extension', () => {
    expect(sanitizeFilenameParts('Scan.STL')).toEqual({ basename: 'Scan', extension: '.stl' });
    expect(sanitizeFilenameParts('README')).toEqual({ basename: 'README', extension: '' });
  });

  it('refuses options it cannot honour', () => {
    expect(() => sanitizeFilename('x', { maxBytes: 10 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => sanitizeFilename('x', { fallback: '..' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
