import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Bucket,
  CreateBucketBody,
  CreateFolderBody,
  CreateFolderResp,
  ListBucketsResp,
  ListObjectsQuery,
  ListObjectsResp,
  SignedFileQuery,
  StorageParams,
  UploadObjectQuery,
  UploadObjectResp,
} from '../../contract/storage.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineRouteOptions } from '../context.js';
import { signedFile } from './files.js';
import { createBucket, createFolder, listBuckets, listObjects, putObject } from './service.js';

const tags = ['local-extension'];

/** Local extension: browse and fill the embedded object store, and serve its files by signed URL. */
export const storageRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    '/storage/buckets',
    { schema: { tags, summary: 'List buckets', params: StorageParams, response: { 200: ListBucketsResp } } },
    async () => listBuckets(ctx),
  );

  app.post(
    '/storage/buckets',
    { schema: { tags, summary: 'Create a bucket', params: StorageParams, body: CreateBucketBody, response: { 201: Bucket } } },
    async (req, reply) => reply.status(201).send(await createBucket(ctx, req.body.name)),
  );

  app.get(
    '/storage/objects',
    {
      schema: {
        tags,
        summary: 'List one level of a folder: all sub-folders and a page of files, in name order',
        params: StorageParams,
        querystring: ListObjectsQuery,
        response: { 200: ListObjectsResp },
      },
    },
    async (req) => listObjects(ctx, req.query.path, req.query.offset, req.query.limit),
  );

  app.post(
    '/storage/folders',
    { schema: { tags, summary: 'Create a folder (and its parents)', params: StorageParams, body: CreateFolderBody, response: { 201: CreateFolderResp } } },
    async (req, reply) => reply.status(201).send(await createFolder(ctx, req.body.path)),
  );

  app.put(
    '/storage/objects',
    {
      schema: {
        tags,
        summary: 'Upload one file (raw application/octet-stream body); parent folders are created',
        params: StorageParams,
        querystring: UploadObjectQuery,
        response: { 200: UploadObjectResp },
      },
    },
    async (req) => {
      if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
        throw new ModelArtsError('4200', 'Send the file as the raw body with Content-Type: application/octet-stream');
      }
      return putObject(ctx, req.query.path, req.body ?? Buffer.alloc(0));
    },
  );

  // Signed with the API's AK/SK like every other route: how a server-side client (the BFF's zip download)
  // reads files, since it cannot mint the engine's signed file URLs.
  app.get(
    '/storage/objects/content',
    {
      schema: {
        tags,
        summary: 'Download one file (raw bytes)',
        params: StorageParams,
        querystring: UploadObjectQuery,
      },
    },
    async (req, reply) => {
      const file = await ctx.store.resolveExisting(req.query.path);
      if (file.isDirectory) throw new ModelArtsError('4313', `Invalid path ${file.objectPath}: not a file`);
      reply.headers({ 'content-type': 'application/octet-stream', 'content-length': String(file.size), 'x-content-type-options': 'nosniff' });
      return reply.send(createReadStream(file.fsPath));
    },
  );

  // `/storage/files` alone (no key) is routed too, so that it is refused as a bad path, not as unsigned.
  for (const url of ['/storage/files/*', '/storage/files']) {
    app.get(
      url,
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'A file (or its thumbnail) by signed URL, as in the samples’ `source`',
          hide: url === '/storage/files',
          params: StorageParams.extend({ '*': z.string().default('') }),
          querystring: SignedFileQuery,
        },
      },
      async (req, reply) => {
        const res = await signedFile(ctx, {
          projectId: req.params.project_id,
          objectKey: req.params['*'],
          expires: req.query.expires,
          signature: req.query.signature,
          process: req.query['x-image-process'],
          ifNoneMatch: req.headers['if-none-match'],
          range: req.headers.range,
        });
        reply.status(res.status).headers(res.headers);
        return res.body ? reply.send(res.body) : reply.send();
      },
    );
  }
};
