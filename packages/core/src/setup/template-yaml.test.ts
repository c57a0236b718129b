import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, isScalar, parse, visit } from 'yaml';
import { type CloudFormationOptions, generateCloudFormationTemplate } from './cloudformation';
import { type JsonValue, templateToYaml } from './template-yaml';

/** How the templates were written with the `yaml` library before: the reference output. */
function yamlLibraryOutput(value: unknown): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return document.toString({ lineWidth: 0 });
}

const base = { bucket: 'acme-lab-orders', origins: ['https://orders.example.com', 'http://localhost:3000'] };
const role = { vendorAccountId: '123456789012', externalId: 'sos-7f3a9c' };

describe('templateToYaml', () => {
  it.each<[string, CloudFormationOptions]>([
    ['user mode', { ...base, mode: 'user' }],
    ['user mode, no expiry, TLS not required', { ...base, mode: 'user', retentionDays: null, requireTls: false }],
    ['role mode', { ...base, ...role }],
    [
      'role mode, multipart, KMS, a prefix',
      { ...base, ...role, tier: 'multipart', encryption: 'aws:kms', prefix: 'orders/' },
    ],
    ['an app name with quotes and a colon', { ...base, ...role, appName: 'Lab "Nord": Orders’ & #1' }],
  ])('writes the same CloudFormation YAML as the yaml library did (%s)', (_name, options) => {
    const { template, yaml } = generateCloudFormationTemplate(options);
    expect(yaml).toBe(yamlLibraryOutput(template));
  });

  it('reads back as the same data with a YAML 1.2 and a YAML 1.1 parser, for any JSON value', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(
        ...['2012-10-17', '12:30', '1_000', '0x1F', '0o17', '.5', '1e3', '-1', '+1', '.inf', '-.nan', 'NaN'],
        ...['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'NULL', '~', '', '<<', '=', '---', '...'],
        ...['- a', '? a', ': a', 'a: b', 'a:', 'a #b', 'a ', ' a', '#a', '&a', '*a', '!a', '|', '>', '%a', '@a', '`a'],
        ...["'a'", '"a"', '[a]', '{a}', 'a,b', 'a\nb', 'a\tb', '\u2028', '\u0085', '\ufeff', '\u007f', '\ud800'],
      ),
    );
    const value = fc.letrec<{ json: JsonValue }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        anyString,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('json')),
        fc.dictionary(anyString, tie('json')),
      ),
    })).json;
    fc.assert(
      fc.property(value, (json) => {
        const data = JSON.parse(JSON.stringify(json)) as JsonValue;
        const yaml = templateToYaml(data);
        expect(parse(yaml, { uniqueKeys: false })).toEqual(data);
        expect(parse(yaml, { version: '1.1', uniqueKeys: false })).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes every string that a YAML parser could read as a date, number, boolean or null', () => {
    const yaml = templateToYaml({ a: '2012-10-17', b: '123456789012', c: 'false', d: 'yes', e: '', f: 'null', g: 5 });
    expect(yaml).toBe('a: "2012-10-17"\nb: "123456789012"\nc: "false"\nd: "yes"\ne: ""\nf: "null"\ng: 5\n');
  });

  it('writes empty collections inline and nested ones as blocks', () => {
    expect(templateToYaml({ a: [], b: {}, c: [[1, 2], { d: [] }] })).toBe(
      'a: []\nb: {}\nc:\n  - - 1\n    - 2\n  - d: []\n',
    );
    expect(templateToYaml([])).toBe('[]\n');
    expect(templateToYaml('text')).toBe('text\n');
  });
});
