import Fastify from 'fastify';
import { describeUploadContract } from '../../core/test/upload-contract';
import { describeUppyInterop, type StaticFile } from '../../core/test/uppy-interop';
import { type SosPluginOptions, sosPlugin } from '../src';

async function start(options: SosPluginOptions, prefix: string | undefined, files: Record<string, StaticFile> = {}) {
  const app = Fastify();
  for (const [path, file] of Object.entries(files))
    app.get(path, (_request, reply) => reply.type(file.type).send(file.body));
  await app.register(sosPlugin, prefix === undefined ? options : { ...options, prefix });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, baseUrl: `${origin}${prefix ?? ''}`, close: () => app.close() };
}

const fastifyContract = { hostRejectsMalformedPaths: true };
describeUploadContract(
  'fastify with a prefix',
  (options) => start(options as SosPluginOptions, '/api/sos'),
  fastifyContract,
);
describeUploadContract(
  'fastify without a prefix',
  (options) => start(options as SosPluginOptions, undefined),
  fastifyContract,
);
describeUppyInterop('fastify', (options, files) => start(options as SosPluginOptions, '/api/sos', files));
