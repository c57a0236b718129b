import type { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ sts: false }));
vi.mock('@aws-sdk/client-sts', async (importOriginal) => {
  loaded.sts = true;
  return importOriginal();
});

describe('@aws-sdk/client-sts in the roles', () => {
  it('is loaded when a role is first assumed, not when the roles are imported', async () => {
    const { createRoleResolver } = await import('./index');
    const send = vi.fn(async (_command: unknown) => ({
      Credentials: {
        AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    }));
    const roles = createRoleResolver({ stsClient: { send } as unknown as STSClient });
    expect(loaded.sts).toBe(false);

    await roles.credentialsFor({ roleArn: 'arn:aws:iam::111122223333:role/sos-upload', externalId: 'sos-lab-42' });
    expect(loaded.sts).toBe(true);
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    expect(send.mock.calls[0]?.[0]).toBeInstanceOf(AssumeRoleCommand);
  });
});
