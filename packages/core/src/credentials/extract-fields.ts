/** The raw values found in pasted text, before they are checked. */
export interface ExtractedFields {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** More than one access key ID was found (several profiles or rows). */
  ambiguous: boolean;
  /** The labels of the root user's old `rootkey.csv` file were used. */
  rootKeyFile: boolean;
}

type Field = 'accessKeyId' | 'secretAccessKey' | 'sessionToken';

/** Labels people paste, squashed to lower-case letters, and the field each names. */
const LABELS: Readonly<Record<string, Field>> = {
  accesskeyid: 'accessKeyId',
  awsaccesskeyid: 'accessKeyId',
  accesskey: 'accessKeyId',
  awsaccesskey: 'accessKeyId',
  keyid: 'accessKeyId',
  secretaccesskey: 'secretAccessKey',
  awssecretaccesskey: 'secretAccessKey',
  secretkey: 'secretAccessKey',
  awssecretkey: 'secretAccessKey',
  secret: 'secretAccessKey',
  sessiontoken: 'sessionToken',
  awssessiontoken: 'sessionToken',
  securitytoken: 'sessionToken',
  awssecuritytoken: 'sessionToken',
};

/** `AWSAccessKeyId=` / `AWSSecretKey=`, spelt exactly so, are the labels of the root user's `rootkey.csv`. */
const ROOT_KEY_FILE_LABELS = new Set(['AWSAccessKeyId', 'AWSSecretKey']);

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

const squash = (label: string): string => label.toLowerCase().replace(/[^a-z]/g, '');

/**
 * Cleans one pasted value: surrounding quotes and punctuation from JSON or
 * CSV, and every space or line break (no key, secret or token contains one).
 */
export function cleanValue(value: string): string {
  let cleaned = value.replace(INVISIBLE, '').trim();
  for (let previous = ''; previous !== cleaned; ) {
    previous = cleaned;
    cleaned = cleaned
      .replace(/[,;]+$/, '')
      .replace(/^(["'`])([\s\S]*)\1$/, '$2')
      .trim();
  }
  return cleaned.replace(/\s+/g, '');
}

/** A value pasted together with its label (`aws_access_key_id = AKIA…`), without the label. */
export function withoutLabel(value: string): string {
  const labelled = /^\s*(?:export\s+)?([A-Za-z][\w .-]*?)\s*[:=]\s*(\S[\s\S]*)$/.exec(value);
  if (labelled && LABELS[squash(labelled[1] ?? '')] !== undefined) return labelled[2] ?? value;
  return value;
}

class FieldCollector {
  readonly fields: ExtractedFields = { ambiguous: false, rootKeyFile: false };

  set(field: Field, raw: string, label?: string): void {
    const value = cleanValue(raw);
    if (value === '') return;
    const existing = this.fields[field];
    if (existing !== undefined && existing !== value && field === 'accessKeyId') this.fields.ambiguous = true;
    if (existing === undefined) this.fields[field] = value;
    if (label !== undefined && ROOT_KEY_FILE_LABELS.has(label)) this.fields.rootKeyFile = true;
  }

  get found(): boolean {
    return this.fields.accessKeyId !== undefined || this.fields.secretAccessKey !== undefined;
  }
}

/** `{"AccessKeyId": …}` from `aws iam create-access-key` or `aws sts get-session-token`, nested or not. */
function fromJson(text: string, collector: FieldCollector): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3 || typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      const field = LABELS[squash(key)];
      if (field !== undefined && typeof inner === 'string') collector.set(field, inner, key);
      else visit(inner, depth + 1);
    }
  };
  visit(parsed, 0);
}

/** The AWS console's "Download .csv file": a header row, then one row of values. */
function fromCsv(lines: string[], collector: FieldCollector): void {
  for (const [index, line] of lines.entries()) {
    const separator = line.includes('\t') ? '\t' : ',';
    const header = line.split(separator).map((cell) => LABELS[squash(cell)]);
    if (!header.includes('accessKeyId') || !header.includes('secretAccessKey')) continue;
    for (const row of lines.slice(index + 1)) {
      const cells = row.split(separator);
      header.forEach((field, column) => {
        const cell = cells[column];
        if (field !== undefined && cell !== undefined) collector.set(field, cell);
      });
    }
    return;
  }
}

/** `aws_access_key_id = …` (credentials file), `AWS_SECRET_ACCESS_KEY=…` (shell), `Access key ID: …` (console). */
function fromLabelledLines(lines: string[], collector: FieldCollector): void {
  for (const line of lines) {
    const match = /^\s*(?:export\s+|set\s+|\$env:)?([A-Za-z][\w .-]*?)\s*[:=\t]\s*(.*)$/.exec(line);
    if (!match) continue;
    const label = match[1] ?? '';
    const field = LABELS[squash(label)];
    if (field !== undefined) collector.set(field, match[2] ?? '', label);
  }
}

const looksLikeKeyId = (value: string): boolean => /^A[A-Z0-9]{15,127}$/.test(value);
const looksLikeSecret = (value: string): boolean => /^[A-Za-z0-9/+]{40}$/.test(value) && /[a-z/+]/.test(value);
const looksLikeToken = (value: string): boolean => value.length > 100 && /^[A-Za-z0-9/+=]+$/.test(value);

/** Bare values, in any order, separated by spaces, line breaks, commas or tabs. */
function fromBareValues(text: string, collector: FieldCollector): void {
  const values = text
    .split(/[\s,;|]+/)
    .map(cleanValue)
    .filter((value) => value !== '');
  const ids = values.filter(looksLikeKeyId);
  const secrets = values.filter(looksLikeSecret);
  const tokens = values.filter(looksLikeToken);
  for (const id of ids) collector.set('accessKeyId', id);
  for (const secret of secrets) collector.set('secretAccessKey', secret);
  for (const token of tokens) collector.set('sessionToken', token);
  const rest = values.filter((value) => !ids.includes(value) && !secrets.includes(value) && !tokens.includes(value));
  // Two unrecognisable values: take them in the order the form asks for them.
  const [first, second] = rest;
  if (collector.fields.accessKeyId === undefined && first !== undefined) {
    collector.set('accessKeyId', first);
    if (collector.fields.secretAccessKey === undefined && second !== undefined)
      collector.set('secretAccessKey', second);
  } else if (collector.fields.secretAccessKey === undefined && first !== undefined) {
    collector.set('secretAccessKey', first);
  }
}

/**
 * Finds the access key ID, secret and session token in whatever someone
 * pasted: a JSON answer of the AWS CLI, the console's CSV file, a credentials
 * file or shell exports, labelled lines, or just the bare values.
 */
export function extractFields(input: string): ExtractedFields {
  const text = input.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();
  const collector = new FieldCollector();
  if (text.startsWith('{')) fromJson(text, collector);
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^\s*[[#]/.test(line));
  if (!collector.found) fromCsv(lines, collector);
  if (!collector.found) fromLabelledLines(lines, collector);
  if (!collector.found) fromBareValues(text, collector);
  return collector.fields;
}
