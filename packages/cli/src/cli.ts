#!/usr/bin/env node
import { runCli } from './run-cli';

// The SDK's notice that its releases from 2027 need Node 22 is about upgrading sos, not about this run; it
// would sit in the middle of every check's output. Set the variable to anything else to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`sos --help | head`) closes the pipe: that ends the output, not in a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await runCli(process.argv.slice(2), process);
