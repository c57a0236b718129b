import type { AccessKeyCredentials } from '../connection';
import type { ValidationIssue } from '../errors';
import { cleanValue, type ExtractedFields, extractFields, withoutLabel } from './extract-fields';

/** Access keys as typed into a form, one field each. */
export interface CredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What {@link parseCredentials} found. */
export type CredentialsParseResult =
  | {
      ok: true;
      /** The cleaned values, ready to store and sign with. */
      credentials: AccessKeyCredentials;
      /** `temporary` for STS credentials (`ASIA…` with a session token), `long-term` for an IAM user's keys. */
      kind: 'long-term' | 'temporary';
      warnings: ValidationIssue[];
    }
  | { ok: false; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** The form AWS issues today: `AKIA` (IAM user) or `ASIA` (temporary), then 16 characters of A–Z and 2–7. */
const STRICT_KEY_ID = /^A[KS]IA[A-Z2-7]{16}$/;
/** What the IAM API promises: 16 to 128 word characters. */
const LENIENT_KEY_ID = /^\w{16,128}$/;
const SECRET = /^[A-Za-z0-9/+]{40}$/;
const SESSION_TOKEN = /^[A-Za-z0-9/+=]{16,}$/;
/** IAM unique IDs of users, roles and groups: not access keys, but often pasted as one. */
const UNIQUE_ID_PREFIXES: Readonly<Record<string, string>> = {
  AIDA: "the IAM user's ID",
  AROA: "an IAM role's ID",
  AGPA: "an IAM group's ID",
  ANPA: "a managed policy's ID",
};

const ANOTHER_KEY_HINT =
  'In the IAM console open the user, Security credentials, Create access key, and copy both values (or download the .csv file).';

const looksLikeSecret = (value: string): boolean => SECRET.test(value) && !STRICT_KEY_ID.test(value);

function isAwsExample(fields: ExtractedFields): boolean {
  return /EXAMPLE$/.test(fields.accessKeyId ?? '') || /EXAMPLEKEY$/.test(fields.secretAccessKey ?? '');
}

/** Problems with the access key ID. Describes it by shape only: the field may hold the secret by mistake. */
function checkKeyId(id: string, errors: ValidationIssue[], warnings: ValidationIssue[]): void {
  if (STRICT_KEY_ID.test(id)) return;
  const prefix = id.slice(0, 4);
  const uniqueId = /^[A-Z0-9]{21}$/.test(id) ? UNIQUE_ID_PREFIXES[prefix] : undefined;
  if (uniqueId !== undefined) {
    errors.push({
      code: 'ACCESS_KEY_ID_MALFORMED',
      message: `This is ${uniqueId} (it starts with ${prefix}), not an access key ID.`,
      hint: `Access key IDs start with AKIA. ${ANOTHER_KEY_HINT}`,
    });
  } else if (id.startsWith('arn:')) {
    errors.push({
      code: 'ACCESS_KEY_ID_MALFORMED',
      message: 'This is an ARN, not an access key ID.',
      hint: `Access key IDs start with AKIA. ${ANOTHER_KEY_HINT}`,
    });
  } else if (looksLikeSecret(id) && /[a-z/+]/.test(id)) {
    errors.push({
      code: 'ACCESS_KEY_ID_MALFORMED',
      message: 'The access key ID looks like a secret access key (40 characters, with lower-case letters).',
      hint: 'Put the value starting with AKIA in "Access key ID" and the 40-character value in "Secret access key".',
    });
  } else if (STRICT_KEY_ID.test(id.toUpperCase())) {
    errors.push({
      code: 'ACCESS_KEY_ID_MALFORMED',
      message: 'The access key ID has lower-case letters; real ones are all capitals.',
      hint: 'Copy the access key ID again from the IAM console or the .csv file instead of typing it.',
    });
  } else if (LENIENT_KEY_ID.test(id)) {
    warnings.push({
      code: 'ACCESS_KEY_ID_UNUSUAL',
      message: `AWS access key IDs are 20 capital letters and digits starting with AKIA or ASIA; this one has ${id.length} characters.`,
      hint: 'Check that you copied the access key ID, not another value. Keys of other S3-compatible services may look different.',
    });
  } else {
    const foreign = id.replace(/\w/g, '').length;
    errors.push({
      code: 'ACCESS_KEY_ID_MALFORMED',
      message:
        foreign > 0
          ? `The access key ID contains ${foreign} character(s) that access key IDs never contain.`
          : `An access key ID is 16 to 128 letters and digits (20 for AWS); this one has ${id.length}.`,
      hint: `Copy only the access key ID, which starts with AKIA. ${ANOTHER_KEY_HINT}`,
    });
  }
}

/** Problems with the secret. Never quotes it, nor any part of it. */
function checkSecret(secret: string, id: string, errors: ValidationIssue[]): void {
  if (SECRET.test(secret) && secret !== id) return;
  let message: string;
  if (secret === id) message = 'The secret access key is the same as the access key ID.';
  else if (STRICT_KEY_ID.test(secret)) message = 'The secret access key looks like an access key ID.';
  else {
    const foreign = secret.replace(/[A-Za-z0-9/+]/g, '').length;
    message =
      foreign > 0
        ? `The secret access key contains ${foreign} character(s) that secrets never contain (they use only letters, digits, / and +).`
        : `A secret access key is 40 characters long; this one has ${secret.length}.`;
  }
  errors.push({
    code: 'SECRET_ACCESS_KEY_MALFORMED',
    message,
    hint: `Copy the whole secret access key (40 characters) from the .csv file. If you no longer have it, AWS cannot show it again: ${ANOTHER_KEY_HINT}`,
  });
}

function checkFields(fields: ExtractedFields): CredentialsParseResult {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const { accessKeyId: id, secretAccessKey: secret } = fields;
  let sessionToken = fields.sessionToken;

  if (fields.rootKeyFile) {
    warnings.push({
      code: 'CREDENTIALS_ROOT_KEY_FILE',
      message: "This looks like the root user's key file (rootkey.csv). Root keys can do anything in your AWS account.",
      hint: 'Delete the root access key in the AWS console and create an IAM user that may only upload (see the setup guide).',
    });
  }
  if (fields.ambiguous) {
    errors.push({
      code: 'CREDENTIALS_AMBIGUOUS',
      message: 'The pasted text contains more than one access key ID.',
      hint: 'Paste the access key ID and secret of one user only.',
    });
  }
  if (id === undefined && secret === undefined) {
    errors.push({
      code: 'CREDENTIALS_EMPTY',
      message: 'No access key was found in what was entered.',
      hint: 'Paste the access key ID (it starts with AKIA) and the secret access key of the IAM user you created.',
    });
    return { ok: false, errors, warnings };
  }
  if (id === undefined) {
    errors.push({
      code: 'ACCESS_KEY_ID_MISSING',
      message: 'The access key ID is missing.',
      hint: 'Enter the access key ID too: it starts with AKIA and is shown next to the secret.',
    });
  }
  if (secret === undefined) {
    errors.push({
      code: 'SECRET_ACCESS_KEY_MISSING',
      message: 'The secret access key is missing.',
      hint: 'Enter the secret access key too: it is 40 characters long and is in the .csv file you downloaded.',
    });
  }
  if (id === undefined || secret === undefined) return { ok: false, errors, warnings };

  if (looksLikeSecret(id) && STRICT_KEY_ID.test(secret)) {
    errors.push({
      code: 'CREDENTIALS_SWAPPED',
      message: 'The access key ID and the secret access key are swapped.',
      hint: 'Put the value starting with AKIA in "Access key ID" and the 40-character value in "Secret access key".',
    });
    return { ok: false, errors, warnings };
  }
  if (isAwsExample(fields)) {
    errors.push({
      code: 'CREDENTIALS_EXAMPLE_KEYS',
      message: "These are the example keys from AWS's documentation, not real keys.",
      hint: `Create a real access key for your IAM user. ${ANOTHER_KEY_HINT}`,
    });
    return { ok: false, errors, warnings };
  }

  checkKeyId(id, errors, warnings);
  checkSecret(secret, id, errors);

  const temporaryId = id.startsWith('ASIA');
  if (sessionToken !== undefined && !SESSION_TOKEN.test(sessionToken)) {
    errors.push({
      code: 'SESSION_TOKEN_MALFORMED',
      message: 'The session token is cut short or contains characters session tokens never contain.',
      hint: 'Copy the whole session token again; it is several hundred characters long.',
    });
  } else if (temporaryId && sessionToken === undefined) {
    errors.push({
      code: 'SESSION_TOKEN_MISSING',
      message:
        'This is a temporary access key (it starts with ASIA), which only works together with its session token.',
      hint: 'Paste the session token too, or better create a long-term access key (AKIA…) for an IAM user.',
    });
  } else if (id.startsWith('AKIA') && sessionToken !== undefined) {
    warnings.push({
      code: 'SESSION_TOKEN_UNEXPECTED',
      message: 'A session token was given with a long-term access key (AKIA…); it is not needed and was left out.',
      hint: 'Nothing to do, unless you meant to paste temporary credentials (ASIA…).',
    });
    sessionToken = undefined;
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const credentials: AccessKeyCredentials =
    sessionToken === undefined
      ? { accessKeyId: id, secretAccessKey: secret }
      : { accessKeyId: id, secretAccessKey: secret, sessionToken };
  return {
    ok: true,
    credentials,
    kind: temporaryId || sessionToken !== undefined ? 'temporary' : 'long-term',
    warnings,
  };
}

function fieldsFromObject(input: Partial<CredentialsInput>): ExtractedFields {
  const clean = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const cleaned = cleanValue(withoutLabel(value));
    return cleaned === '' ? undefined : cleaned;
  };
  const fields: ExtractedFields = { ambiguous: false, rootKeyFile: false };
  const accessKeyId = clean(input.accessKeyId);
  const secretAccessKey = clean(input.secretAccessKey);
  const sessionToken = clean(input.sessionToken);
  if (accessKeyId !== undefined) fields.accessKeyId = accessKeyId;
  if (secretAccessKey !== undefined) fields.secretAccessKey = secretAccessKey;
  if (sessionToken !== undefined) fields.sessionToken = sessionToken;
  return fields;
}

/**
 * Reads access keys the way people paste them and says precisely what is
 * wrong. Accepts two form fields, or one text with surrounding spaces, quotes
 * and line breaks, a row of the console's "Download .csv file", a credentials
 * file or `export AWS_…=` lines, or the JSON the AWS CLI prints.
 *
 * The secret and the session token never appear in an error or warning,
 * not even in part.
 *
 * @example
 * const result = parseCredentials({ accessKeyId: ' AKIA… ', secretAccessKey: '"wJal…"\n' });
 * if (!result.ok) showErrors(result.errors); // e.g. CREDENTIALS_SWAPPED, SESSION_TOKEN_MISSING
 */
export function parseCredentials(input: string | CredentialsInput): CredentialsParseResult {
  const fields = typeof input === 'string' ? extractFields(input) : fieldsFromObject(input);
  return checkFields(fields);
}
