#!/usr/bin/env node
import { runCli } from './run-cli';

// The SDK's notice that its releases from 2027 need Node 22 is about upgrading sos, not about this run; it
// would sit in the middle of every check's output. Set the variable to anything else to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv.slice(2), process);
