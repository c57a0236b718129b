import { describe, expect, it } from 'vitest';
import type { Connection, RoleConnection } from '../connection';
import { isSosError } from '../errors';
import { createUploadHttpHandler } from './handler';
import { openTicket, sealTicket, type TicketContext, type UploadTicket } from './ticket';

const connection: Connection = {
  bucket: 'lab-a',
  region: 'eu-central-1',
  prefix: 'tenant-a',
  credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: 'secret-a/0123456789012345678901234567890' },
};
const keys: TicketContext = { tenant: connection, connection, secret: undefined };
const now = Date.parse('2026-12-04T12:00:00Z');
const ticket: UploadTicket = {
  method: 'MULTIPART',
  bucket: 'lab-a',
  key: 'tenant-a/2026/12/04/id/scan.zip',
  size: 21 * 1024 * 1024,
  contentType: 'application/zip',
  metadata: { order: 'A-17' },
  uploadId: 'upload-1',
  partSize: 8 * 1024 * 1024,
  expires: now / 1000 + 3600,
};

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isSosError(error) ? error.code : 'not a SosError';
  }
  return undefined;
};

describe('upload tickets', () => {
  it('open to exactly what was sealed', () => {
    expect(openTicket(sealTicket(ticket, keys), keys, now)).toEqual(ticket);
    const put = { ...ticket, method: 'PUT' as const, checksumSha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' };
    delete put.uploadId;
    delete put.partSize;
    expect(openTicket(sealTicket(put, keys), keys, now)).toEqual(put);
  });

  it('hold no secret and nothing a person reads as a URL', () => {
    const sealed = sealTicket(ticket, keys);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(sealed.split('.')[1] ?? '', 'base64url').toString()).not.toContain('secret-a');
  });

  it('expire at their time, with TICKET_EXPIRED', () => {
    const sealed = sealTicket(ticket, keys);
    expect(codeOf(() => openTicket(sealed, keys, ticket.expires * 1000 - 1))).toBeUndefined();
    expect(codeOf(() => openTicket(sealed, keys, ticket.expires * 1000))).toBe('TICKET_EXPIRED');
  });

  it('are refused for another secret key, bucket or prefix, and when changed', () => {
    const sealed = sealTicket(ticket, keys);
    const otherKey = { ...connection, credentials: { ...connection.credentials, secretAccessKey: 'other' } };
    expect(codeOf(() => openTicket(sealed, { ...keys, tenant: otherKey, connection: otherKey }, now))).toBe(
      'INVALID_TICKET',
    );
    const otherBucket = { ...connection, bucket: 'lab-b' };
    expect(codeOf(() => openTicket(sealed, { ...keys, connection: otherBucket }, now))).toBe('INVALID_TICKET');
    const otherPrefix = { ...connection, prefix: 'tenant-b' };
    expect(codeOf(() => openTicket(sealed, { ...keys, connection: otherPrefix }, now))).toBe('KEY_OUTSIDE_PREFIX');
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    for (const bad of [flipped, '', 'v1..', 'v1.e30.', `${sealed}.x`, 'x'.repeat(9000)]) {
      expect(
        codeOf(() => openTicket(bad, keys, now)),
        bad.slice(0, 30),
      ).toBe('INVALID_TICKET');
    }
  });

  it('with ticketSecret, are sealed with it and not with the tenant key', () => {
    const secret = 'a-long-app-secret-of-at-least-32-characters';
    const sealed = sealTicket(ticket, { ...keys, secret });
    expect(codeOf(() => openTicket(sealed, { ...keys, secret }, now))).toBeUndefined();
    expect(codeOf(() => openTicket(sealed, keys, now))).toBe('INVALID_TICKET');
    expect(codeOf(() => openTicket(sealed, { ...keys, secret: `${secret}!` }, now))).toBe('INVALID_TICKET');
  });

  it('for a tenant on a role, do not depend on its temporary keys', () => {
    const role: RoleConnection = {
      bucket: 'lab-a',
      region: 'eu-central-1',
      prefix: 'tenant-a',
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/sos-upload', externalId: 'ext-1234567890' },
    } as RoleConnection;
    const first = { ...connection, credentials: { ...connection.credentials, secretAccessKey: 'temporary-1' } };
    const rotated = { ...connection, credentials: { ...connection.credentials, secretAccessKey: 'temporary-2' } };
    const sealed = sealTicket(ticket, { tenant: role, connection: first, secret: undefined });
    expect(
      codeOf(() => openTicket(sealed, { tenant: role, connection: rotated, secret: undefined }, now)),
    ).toBeUndefined();
  });

  it('refuse, when the handler is created, options that would break every ticket', () => {
    const resolveTenant = () => connection;
    expect(codeOf(() => createUploadHttpHandler({ resolveTenant, ticketSecret: 'short' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createUploadHttpHandler({ resolveTenant, resumableFor: 10 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createUploadHttpHandler({ resolveTenant, resumableFor: 8 * 24 * 3600 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createUploadHttpHandler({ resolveTenant, abortIncompleteAfterDays: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => createUploadHttpHandler({ resolveTenant, resumableFor: 3600 }))).toBeUndefined();
  });
});
