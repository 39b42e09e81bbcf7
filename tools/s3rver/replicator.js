'use strict';
// Asynchronous one-way replication of a key prefix to another S3 endpoint: the local stand-in for S3
// cross-region replication (published media in Canada copied to the Europe bucket).
//
// - Every object event under the prefix queues its key; a queued key is brought to the source's current state
//   (copied if it exists, deleted if not), so a put followed by a delete converges whatever the order of work.
// - Failed keys are retried with backoff: a replica that is down catches up when it is back.
// - On start (and after every failure streak) the whole prefix is reconciled against the replica's listing, so
//   nothing is missed across restarts of either side.

const http = require('http');
const https = require('https');

const COPIED_HEADERS = ['content-type', 'cache-control', 'content-encoding', 'content-disposition', 'content-language', 'expires'];
const WORKERS = 4;
const MAX_BACKOFF_MS = 5000;

function encodeKey(key) {
  return key.split('/').map(encodeURIComponent).join('/');
}

function request(url, { method, headers = {}, body }) {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers, timeout: 30000 }, res => {
      const chunks = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', reject);
    if (body && typeof body.pipe === 'function') {
      body.on('error', err => req.destroy(err));
      body.pipe(req);
    } else {
      req.end(body);
    }
  });
}

function xmlText(value) {
  return value.replace(/&(lt|gt|amp|apos|quot);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }[e]));
}

class Replicator {
  constructor({ store, app, bucket, prefix, target, log }) {
    this.store = store;
    this.app = app;
    this.bucket = bucket;
    this.prefix = prefix;
    this.target = new URL(target.endsWith('/') ? target : target + '/');
    this.log = log;
    this.pending = new Set();
    this.inFlight = new Set();
    this.retrying = new Set();
    this.failures = 0;
    this.replicated = 0;
    this.running = 0;
    this.reconciling = null;
    this.stopped = false;
  }

  start() {
    this.app.on('event', event => {
      for (const record of event.Records || []) {
        const key = record.s3 && record.s3.object && record.s3.object.key;
        if (record.s3.bucket.name === this.bucket && typeof key === 'string' && key.startsWith(this.prefix)) {
          this.enqueue(key);
        }
      }
    });
    this.reconcileSoon(0);
  }

  stop() {
    this.stopped = true;
  }

  // s3rver raises no event for the keys of a multi-object delete (POST /{bucket}?delete, what the API uses to
  // remove a deleted video's media): this middleware, placed right before s3rver's router, queues them from its result.
  deletionsMiddleware() {
    return async (ctx, next) => {
      await next();
      if (ctx.method !== 'POST' || !('delete' in ctx.query)) return;
      const deleted = ctx.body && ctx.body.DeleteResult && ctx.body.DeleteResult.Deleted;
      for (const entry of [].concat(deleted || [])) {
        if (entry && typeof entry.Key === 'string' && entry.Key.startsWith(this.prefix)) this.enqueue(entry.Key);
      }
    };
  }

  enqueue(key) {
    this.pending.add(key);
    this.pump();
  }

  pump() {
    while (!this.stopped && this.running < WORKERS) {
      const key = [...this.pending].find(k => !this.inFlight.has(k));
      if (key === undefined) return;
      this.pending.delete(key);
      this.inFlight.add(key);
      this.running++;
      this.sync(key)
        .then(() => {
          this.failures = 0;
          this.replicated++;
        })
        .catch(err => {
          this.failures++;
          const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures, 6));
          if (this.failures === 1 || this.failures % 20 === 0) {
            this.log(`replication of ${key} failed (${this.failures} in a row), retrying: ${err.message}`);
          }
          this.retrying.add(key);
          setTimeout(() => {
            this.retrying.delete(key);
            this.enqueue(key);
          }, delay).unref();
          // A long streak means the replica was away: reconcile once it answers again.
          if (this.failures === 10) this.reconcileSoon(delay);
        })
        .finally(() => {
          this.inFlight.delete(key);
          this.running--;
          this.pump();
        });
    }
  }

  objectUrl(key) {
    return new URL(`${encodeURIComponent(this.bucket)}/${encodeKey(key)}`, this.target);
  }

  // Makes the replica's copy of one key match the source as it is now.
  async sync(key) {
    const object = await this.store.getObject(this.bucket, key);
    if (!object) {
      const res = await request(this.objectUrl(key), { method: 'DELETE' });
      if (res.status !== 204 && res.status !== 200 && res.status !== 404) {
        throw new Error(`DELETE answered ${res.status}`);
      }
      return;
    }

    const headers = { 'content-length': String(object.size) };
    for (const name of COPIED_HEADERS) {
      if (object.metadata[name]) headers[name] = object.metadata[name];
    }
    for (const [name, value] of Object.entries(object.metadata)) {
      if (name.startsWith('x-amz-meta-')) headers[name] = value;
    }
    const res = await request(this.objectUrl(key), { method: 'PUT', headers, body: object.content || '' });
    if (res.status !== 200) {
      throw new Error(`PUT answered ${res.status}`);
    }
    // A single-part ETag is the content's MD5: the replica must have stored exactly the same bytes.
    const sourceTag = object.metadata.etag && JSON.parse(object.metadata.etag);
    const replicaTag = res.headers.etag && JSON.parse(res.headers.etag);
    if (sourceTag && !sourceTag.includes('-') && replicaTag !== sourceTag) {
      throw new Error(`replica stored ETag ${replicaTag}, source has ${sourceTag}`);
    }
  }

  reconcileSoon(delay) {
    if (this.reconciling || this.stopped) return;
    this.reconciling = setTimeout(() => {
      this.reconcile()
        .then(count => {
          this.reconciling = null;
          if (count > 0) this.log(`reconciled: ${count} key(s) queued for the replica`);
        })
        .catch(err => {
          this.reconciling = null;
          this.log(`reconciliation failed, retrying: ${err.message}`);
          this.reconcileSoon(MAX_BACKOFF_MS);
        });
    }, delay);
    this.reconciling.unref();
  }

  // Queues every key whose copy differs: present here and missing or different there, or there but gone here.
  async reconcile() {
    const local = new Map();
    const { objects } = await this.store.listObjects(this.bucket, { prefix: this.prefix });
    for (const object of objects) local.set(object.key, object.metadata.etag ? JSON.parse(object.metadata.etag) : '');

    const remote = new Map();
    let token = null;
    do {
      const url = new URL(encodeURIComponent(this.bucket), this.target);
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', this.prefix);
      if (token) url.searchParams.set('continuation-token', token);
      const res = await request(url, { method: 'GET' });
      if (res.status !== 200) throw new Error(`listing the replica answered ${res.status}`);
      for (const match of res.text.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = /<Key>([\s\S]*?)<\/Key>/.exec(match[1]);
        const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(match[1]);
        if (key) remote.set(xmlText(key[1]), etag ? xmlText(etag[1]).replace(/"/g, '') : '');
      }
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(res.text);
      const next = /<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(res.text);
      token = truncated && next ? xmlText(next[1]) : null;
    } while (token);

    let queued = 0;
    for (const [key, etag] of local) {
      const there = remote.get(key);
      // Multipart ETags are not content hashes: such objects are compared by presence only.
      if (there === undefined || (!etag.includes('-') && there !== etag)) {
        this.enqueue(key);
        queued++;
      }
    }
    for (const key of remote.keys()) {
      if (!local.has(key)) {
        this.enqueue(key);
        queued++;
      }
    }
    return queued;
  }

  status() {
    const backlog = new Set([...this.pending, ...this.inFlight, ...this.retrying]);
    return { pending: backlog.size, reconciling: this.reconciling !== null, replicated: this.replicated, failuresInARow: this.failures };
  }
}

module.exports = { Replicator };
