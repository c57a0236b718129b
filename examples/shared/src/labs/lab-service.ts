import {
  type Connection,
  type CredentialVault,
  type VerifyOptions,
  type VerifyResult,
  verifyConnection,
} from '@sos/core';
import { AppError } from '../http/app-error';
import type { LabRecord, LabStore } from '../store';
import { summarizeCheck } from './check-summary';
import type { LabInput } from './lab-input';
import { type LabView, toLabView } from './lab-view';

/** What {@link LabService} works with. */
export interface LabServiceOptions {
  store: LabStore;
  vault: CredentialVault;
  /** The S3-compatible endpoint every lab uses, or `undefined` for Amazon S3. */
  endpoint: string | undefined;
  /** The folder of each bucket that uploads go into. */
  prefix: string;
  /** The app's origins, for the CORS check. */
  origins(): string[];
}

/** Something about a lab that its connection check cannot tell: UPPER_SNAKE code, message, what to do. */
export interface LabNotice {
  code: 'BUCKET_SHARED';
  message: string;
  hint: string;
}

/** A URL-safe ID from a lab's name: `Smile Dental Lab` → `smile-dental-lab`. */
function slugOf(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'lab' : slug;
}

/**
 * The labs' connections: saved with the secret sealed by the vault (the lab
 * ID is bound into the sealed string), opened only to sign or to check, and
 * never handed to a page.
 */
export class LabService {
  constructor(private readonly options: LabServiceOptions) {}

  /** One stored lab, or `undefined`. */
  find(id: string): LabRecord | undefined {
    return this.options.store.get(id);
  }

  /** One stored lab, or a 404 error in words. */
  require(id: string): LabRecord {
    const lab = this.options.store.get(id);
    if (lab === undefined) {
      throw new AppError(404, 'LAB_NOT_FOUND', `There is no lab "${id.slice(0, 80)}".`, {
        hint: 'Pick a lab from the list, or add it on the Labs page.',
      });
    }
    return lab;
  }

  /** Every stored lab, secrets sealed. */
  listRecords(): LabRecord[] {
    return this.options.store.list();
  }

  /** Every lab, as the pages may see it. */
  async list(): Promise<LabView[]> {
    return Promise.all(this.options.store.list().map(async (lab) => toLabView(lab, await this.secretOpens(lab))));
  }

  /** One lab, as the pages may see it. */
  async view(id: string): Promise<LabView> {
    const lab = this.require(id);
    return toLabView(lab, await this.secretOpens(lab));
  }

  /** The lab's connection, with its secret opened: for signing and checking only. */
  async connection(lab: LabRecord): Promise<Connection> {
    const credentials = await this.options.vault.open(lab.sealedCredentials, { tenantId: lab.id });
    return {
      bucket: lab.bucket,
      region: lab.region,
      credentials,
      prefix: lab.prefix,
      ...(lab.endpoint === null ? {} : { endpoint: lab.endpoint }),
    };
  }

  /**
   * Saves a new lab (`id` undefined) or changes one. An empty secret keeps
   * the stored one, unless the access key ID changed with it.
   */
  async save(input: LabInput, id?: string): Promise<LabRecord> {
    const existing = id === undefined ? undefined : this.require(id);
    const secretAccessKey = input.secretAccessKey ?? (await this.storedSecret(existing, input.accessKeyId));
    const labId = existing?.id ?? this.freeId(slugOf(input.name));
    const sealedCredentials = await this.options.vault.seal(
      { accessKeyId: input.accessKeyId, secretAccessKey },
      { tenantId: labId },
    );
    return this.options.store.save({
      id: labId,
      name: input.name || existing?.name || labId,
      bucket: input.bucket,
      region: input.region,
      endpoint: this.options.endpoint ?? null,
      prefix: existing?.prefix ?? this.options.prefix,
      accessKeyId: input.accessKeyId,
      sealedCredentials,
    });
  }

  /**
   * Whether an S3 endpoint is this demo's own storage (`SOS_S3_ENDPOINT`, or
   * the embedded server on 127.0.0.1, which sos refuses by default as a
   * loopback address), for sos's `allowEndpoint`. Any other endpoint is refused.
   */
  isOwnEndpoint(url: URL): boolean {
    return this.options.endpoint !== undefined && url.origin === new URL(this.options.endpoint).origin;
  }

  /**
   * What a lab's connection check cannot see: another lab already uses the
   * same bucket (at the same endpoint), so both labs' files would go under
   * the same prefix, side by side. `id` is the lab itself, when saved.
   */
  notices(input: { bucket: string }, id?: string): LabNotice[] {
    const endpoint = this.options.endpoint ?? null;
    const others = this.options.store
      .list()
      .filter((lab) => lab.id !== id && lab.bucket === input.bucket && lab.endpoint === endpoint);
    const [first] = others;
    if (first === undefined) return [];
    const names = others.map((lab) => lab.name).join(', ');
    const prefix = `${first.prefix}/`;
    const own = `${this.options.prefix}/${id ?? 'this-lab'}`;
    return [
      {
        code: 'BUCKET_SHARED',
        message: `${names} already ${others.length === 1 ? 'uses' : 'use'} the bucket ${input.bucket}. Both labs' files would go under ${prefix} in it, side by side, and each lab's key could write where the other's files are.`,
        hint: `Give each lab its own bucket, or its own prefix (folder) in this one, such as ${own}/. In an app, return that prefix as \`prefix\` in the connection resolveTenant gives sos, and limit that lab's key to it: sos policy --bucket ${input.bucket} --prefix ${own}.`,
      },
    ];
  }

  /** Runs the connection check on a stored lab and keeps its outcome with the lab. */
  async check(id: string): Promise<VerifyResult> {
    const lab = this.require(id);
    const result = await verifyConnection(await this.connection(lab), this.checkOptions());
    this.options.store.recordCheck(lab.id, summarizeCheck(result));
    return result;
  }

  /** Runs the connection check on values from the form, before they are saved; `id` lends the stored secret. */
  async checkInput(input: LabInput, id?: string): Promise<VerifyResult> {
    const existing = id === undefined ? undefined : this.require(id);
    const secretAccessKey = input.secretAccessKey ?? (await this.storedSecret(existing, input.accessKeyId));
    const connection: Connection = {
      bucket: input.bucket,
      region: input.region,
      credentials: { accessKeyId: input.accessKeyId, secretAccessKey },
      prefix: existing?.prefix ?? this.options.prefix,
      ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
    };
    return verifyConnection(connection, this.checkOptions());
  }

  private checkOptions(): VerifyOptions {
    return { origins: this.options.origins(), allowEndpoint: (url: URL) => this.isOwnEndpoint(url) };
  }

  private async storedSecret(lab: LabRecord | undefined, accessKeyId: string): Promise<string> {
    if (lab === undefined || lab.accessKeyId !== accessKeyId) {
      throw new AppError(400, 'FIELD_REQUIRED', 'Enter the secret access key.', {
        hint:
          lab === undefined
            ? 'It is the 40-character value shown once when the access key was created.'
            : 'A new access key ID needs the secret that goes with it.',
        field: 'secretAccessKey',
      });
    }
    const credentials = await this.options.vault.open(lab.sealedCredentials, { tenantId: lab.id });
    return credentials.secretAccessKey;
  }

  private async secretOpens(lab: LabRecord): Promise<boolean> {
    try {
      await this.options.vault.open(lab.sealedCredentials, { tenantId: lab.id });
      return true;
    } catch {
      return false;
    }
  }

  private freeId(base: string): string {
    let id = base;
    for (let n = 2; this.options.store.get(id) !== undefined; n++) id = `${base}-${n}`;
    return id;
  }
}
