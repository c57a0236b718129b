import { Option } from 'commander';

/** The options several commands share, so their flags, help and checks are the same everywhere. */
export const sharedOptions = {
  /** `--bucket <name>`, required. */
  bucket: (description = "the customer's bucket"): Option =>
    new Option('--bucket <name>', description).makeOptionMandatory(),
  /** `--prefix <folder>`: uploads stay under this folder. */
  prefix: (description = 'limit uploads to this folder of the bucket'): Option =>
    new Option('--prefix <folder>', description),
  /** `--tier put-only|multipart`. */
  tier: (): Option =>
    new Option('--tier <tier>', 'multipart also allows aborting and resuming multipart uploads')
      .choices(['put-only', 'multipart'])
      .default('put-only'),
  /** `--partition aws|aws-cn|aws-us-gov`, with a default or without one. */
  partition: (defaultValue?: 'aws'): Option => {
    const option = new Option('--partition <partition>', "the AWS partition of the bucket's region").choices([
      'aws',
      'aws-cn',
      'aws-us-gov',
    ]);
    return defaultValue === undefined ? option : option.default(defaultValue);
  },
  /** `--origin <origin...>`: repeatable, and several values may follow one flag. */
  origins: (description: string, required: boolean): Option => {
    const option = new Option('--origin <origin...>', description);
    return required ? option.makeOptionMandatory() : option;
  },
  /** `--json`: machine-readable output, documented in the README. */
  json: (): Option => new Option('--json', 'print JSON (a stable shape, see the README) instead of text'),
};
