let stsModule: Promise<typeof import('@aws-sdk/client-sts')> | undefined;

/**
 * `@aws-sdk/client-sts`, imported on first use and then shared: loading it
 * takes tens of milliseconds, and a server with key connections never needs it
 * (the connection checks and role mode share it).
 */
export function loadStsModule(): Promise<typeof import('@aws-sdk/client-sts')> {
  stsModule ??= import('@aws-sdk/client-sts');
  return stsModule;
}
