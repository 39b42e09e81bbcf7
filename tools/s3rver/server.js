#!/usr/bin/env node
'use strict';
// Venvid's local S3 stand-in: s3rver plus the two multipart calls it lacks
// (ListParts and AbortMultipartUpload), which resumable uploads depend on.
// With --replicate-to, objects under --replicate-prefix are copied to another such server (replicator.js), the
// stand-in for S3 cross-region replication; GET /-/replication reports its backlog.
// Usage: node server.js --address 127.0.0.1 --port 4568 --directory DIR --bucket media [--cors-origin ORIGIN]
//          [--replicate-to http://127.0.0.1:4569 --replicate-prefix videos/]

const fs = require('fs');
const path = require('path');
const S3rver = require('s3rver');
const { Replicator } = require('./replicator');

function parseArgs(argv) {
  const args = { address: '127.0.0.1', port: 4568, directory: null, buckets: [], corsOrigins: [], replicateTo: null, replicatePrefix: '' };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--address': args.address = value; i++; break;
      case '--port': args.port = Number(value); i++; break;
      case '--directory': args.directory = value; i++; break;
      case '--bucket': args.buckets.push(value); i++; break;
      case '--cors-origin': args.corsOrigins.push(value); i++; break;
      case '--replicate-to': args.replicateTo = value; i++; break;
      case '--replicate-prefix': args.replicatePrefix = value; i++; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!args.directory) throw new Error('--directory is required');
  if (!Number.isInteger(args.port) || args.port <= 0) throw new Error('--port must be a port number');
  if (args.corsOrigins.length === 0) args.corsOrigins.push('*');
  if (args.replicateTo && args.buckets.length !== 1) throw new Error('--replicate-to needs exactly one --bucket');
  return args;
}

function corsXml(origins) {
  const allowed = origins.map(o => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowed}` +
    '<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod>' +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>';
}

function xmlEscape(text) {
  return String(text).replace(/[<>&'"]/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]));
}

function s3Error(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
}

// Handles GET (ListParts) and DELETE (AbortMultipartUpload) on /{bucket}/{key}?uploadId=...
function multipartExtensions(store) {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (!uploadId || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next();
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (!match || !/^[a-f0-9]{32}$/.test(uploadId)) return next();
    const bucket = match[1];
    const key = decodeURIComponent(match[2]);
    const uploadDir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    if (!fs.existsSync(uploadDir)) return s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');

    if (ctx.method === 'DELETE') {
      fs.rmSync(uploadDir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }

    const parts = fs.readdirSync(uploadDir)
      .filter(name => /^\d+$/.test(name) && fs.existsSync(path.join(uploadDir, `${name}.md5`)))
      .map(Number)
      .sort((a, b) => a - b)
      .map(number => {
        const file = path.join(uploadDir, String(number));
        const stat = fs.statSync(file);
        const md5 = fs.readFileSync(`${file}.md5`, 'utf8').trim();
        return `<Part><PartNumber>${number}</PartNumber><LastModified>${stat.mtime.toISOString()}</LastModified>` +
          `<ETag>"${md5}"</ETag><Size>${stat.size}</Size></Part>`;
      });
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId>` +
      `<PartNumberMarker>0</PartNumberMarker><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts.join('')}` +
      '</ListPartsResult>';
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.directory, { recursive: true });
  const server = new S3rver({
    address: args.address,
    port: args.port,
    directory: args.directory,
    silent: true,
    configureBuckets: args.buckets.map(name => ({ name, configs: [Buffer.from(corsXml(args.corsOrigins))] })),
  });
  // Run before s3rver's router (the last middleware), which answers these calls with MethodNotAllowed.
  server.middleware.splice(server.middleware.length - 1, 0, multipartExtensions(server.store));

  let replicator = null;
  if (args.replicateTo) {
    replicator = new Replicator({
      store: server.store,
      app: server,
      bucket: args.buckets[0],
      prefix: args.replicatePrefix,
      target: args.replicateTo,
      log: message => console.log(`replication: ${message}`),
    });
    server.middleware.splice(server.middleware.length - 1, 0, replicator.deletionsMiddleware());
    // First of all middleware: "-" cannot start a bucket name, so this path never shadows an S3 call.
    server.middleware.unshift(async (ctx, next) => {
      if (ctx.path !== '/-/replication') return next();
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(replicator.status());
    });
  }
  const { address, port } = await server.run();
  if (replicator) replicator.start();
  console.log(`s3rver listening on http://${address}:${port} (buckets: ${args.buckets.join(', ') || 'none'})` +
    (args.replicateTo ? `, replicating ${args.replicatePrefix || 'everything'} to ${args.replicateTo}` : ''));

  const stop = async signal => {
    console.log(`s3rver stopping (${signal})`);
    if (replicator) replicator.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch(err => {
  console.error(err.stack || String(err));
  process.exit(1);
});
