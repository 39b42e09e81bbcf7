import { create } from 'zustand';
import { errorMessage, isApiError } from '@/lib/problem-details';
import { executeMutation, queryClient } from '@/lib/query-client';
import type { Visibility } from '@/types/api';
import { abortUploadMutationOptions } from '../api/abort-upload';
import { completeUploadMutationOptions } from '../api/complete-upload';
import { createUploadMutationOptions } from '../api/create-upload';
import { getUploadQueryOptions } from '../api/get-upload';
import { requestPartUrlsMutationOptions } from '../api/request-part-urls';
import { planParts, remainingParts } from '../utils/part-plan';
import { putPart } from '../utils/put-part';
import { findResumeRecord, removeResumeRecord, saveResumeRecord, type ResumeRecord } from '../utils/resume-records';
import { AbortedError, isAbort } from '../utils/retry';
import { ThroughputMeter } from '../utils/throughput';
import { titleFromFileName, videoContentType } from '../utils/upload-form-schema';
import { uploadParts } from '../utils/upload-parts';

export type UploadPhase = 'draft' | 'starting' | 'uploading' | 'paused' | 'completing' | 'processing' | 'error';

export type UploadItem = {
  key: string;
  file: File;
  contentType: string | null;
  title: string;
  description: string;
  visibility: Visibility;
  phase: UploadPhase;
  uploadedBytes: number;
  bytesPerSecond: number;
  secondsLeft: number;
  error: string | null;
  uploadId: string | null;
  videoId: string | null;
  /** Set when this file matches an upload interrupted earlier (e.g. by a page reload). */
  resumeOf: ResumeRecord | null;
};

type UploadStore = {
  items: UploadItem[];
  addFiles: (files: File[]) => void;
  update: (key: string, patch: Partial<Pick<UploadItem, 'title' | 'description' | 'visibility'>>) => void;
  start: (key: string) => Promise<void>;
  pause: (key: string) => void;
  resume: (key: string) => Promise<void>;
  remove: (key: string) => Promise<void>;
};

type Session = { uploadId: string; videoId: string; partSizeBytes: number; partCount: number; urls: Map<number, string> };

// Live objects the store must not hold (it stays plain data): one per item key.
const controllers = new Map<string, AbortController>();
const sessions = new Map<string, Session>();
const meters = new Map<string, ThroughputMeter>();
let nextKey = 1;

export const useUploadStore = create<UploadStore>()((set, get) => {
  const patch = (key: string, change: Partial<UploadItem>) =>
    set((state) => ({ items: state.items.map((item) => (item.key === key ? { ...item, ...change } : item)) }));
  const find = (key: string) => get().items.find((item) => item.key === key);

  /** Sends whatever parts storage does not hold yet, then completes the upload. */
  const run = async (key: string) => {
    const item = find(key);
    const session = sessions.get(key);
    if (!item || !session) return;

    const controller = new AbortController();
    controllers.set(key, controller);
    const meter = meters.get(key) ?? new ThroughputMeter();
    meters.set(key, meter);
    meter.reset();

    try {
      patch(key, { phase: 'starting', error: null });
      const state = await queryClient.query(getUploadQueryOptions(session.uploadId));
      if (controller.signal.aborted) throw new AbortedError();
      const plan = planParts(item.file.size, state.partSizeBytes, state.partCount);
      const stored = new Map(state.uploadedParts.map((part) => [part.partNumber, part.etag]));
      const todo = remainingParts(plan, stored.keys());
      const alreadyUploadedBytes = plan.filter((p) => stored.has(p.partNumber)).reduce((sum, p) => sum + (p.end - p.start), 0);

      patch(key, { phase: 'uploading', uploadedBytes: alreadyUploadedBytes });
      meter.record(performance.now(), alreadyUploadedBytes);
      let lastPaint = 0;
      const sent = await uploadParts({
        file: item.file,
        parts: todo,
        urls: session.urls,
        alreadyUploadedBytes,
        signal: controller.signal,
        deps: {
          putPart,
          requestPartUrls: (partNumbers) => executeMutation(requestPartUrlsMutationOptions(), { uploadId: session.uploadId, partNumbers }),
        },
        onProgress: (uploadedBytes) => {
          const now = performance.now();
          meter.record(now, uploadedBytes);
          // Repaint at most ~8 times a second; progress events come much faster.
          if (now - lastPaint < 120 && uploadedBytes < item.file.size) return;
          lastPaint = now;
          const { bytesPerSecond, secondsLeft } = meter.estimate(item.file.size);
          patch(key, { uploadedBytes, bytesPerSecond, secondsLeft });
        },
      });

      patch(key, { phase: 'completing', uploadedBytes: item.file.size, secondsLeft: 0 });
      for (const part of sent) stored.set(part.partNumber, part.etag);
      const parts = [...stored.entries()].map(([partNumber, etag]) => ({ partNumber, etag }));
      const video = await executeMutation(completeUploadMutationOptions(), { uploadId: session.uploadId, parts });
      removeResumeRecord(session.uploadId);
      sessions.delete(key);
      patch(key, { phase: 'processing', videoId: video.id, resumeOf: null });
      // "Your videos" lists it from now on, with its processing status.
      void queryClient.invalidateQueries({ queryKey: ['me', 'videos'] });
    } catch (error) {
      if (isAbort(error)) {
        patch(key, { phase: 'paused' });
        return;
      }
      if (isApiError(error) && error.status === 404) {
        // The upload expired or was cleaned up: starting over is the only way on.
        removeResumeRecord(session.uploadId);
        sessions.delete(key);
        patch(key, { phase: 'draft', uploadId: null, resumeOf: null, uploadedBytes: 0, error: 'That upload expired. Press Upload to start again.' });
        return;
      }
      patch(key, { phase: 'error', error: errorMessage(error) });
    } finally {
      if (controllers.get(key) === controller) controllers.delete(key);
    }
  };

  return {
    items: [],

    addFiles: (files) => {
      const added = files.map<UploadItem>((file) => {
        const resumeOf = findResumeRecord(file) ?? null;
        const contentType = videoContentType(file);
        return {
          key: `upload-${nextKey++}`,
          file,
          contentType,
          title: resumeOf?.title ?? titleFromFileName(file.name),
          description: resumeOf?.description ?? '',
          visibility: resumeOf?.visibility ?? 'public',
          phase: 'draft',
          uploadedBytes: 0,
          bytesPerSecond: 0,
          secondsLeft: Number.POSITIVE_INFINITY,
          error: contentType ? null : 'This file is not a video.',
          uploadId: resumeOf?.uploadId ?? null,
          videoId: resumeOf?.videoId ?? null,
          resumeOf,
        };
      });
      set((state) => ({ items: [...state.items, ...added] }));
    },

    update: (key, change) => patch(key, change),

    start: async (key) => {
      const item = find(key);
      if (!item || !item.contentType || (item.phase !== 'draft' && item.phase !== 'error')) return;
      if (sessions.has(key)) return run(key);

      patch(key, { phase: 'starting', error: null });
      try {
        if (item.resumeOf) {
          const state = await queryClient.query(getUploadQueryOptions(item.resumeOf.uploadId));
          sessions.set(key, { ...state, urls: new Map() });
        } else {
          const upload = await executeMutation(createUploadMutationOptions(), {
            fileName: item.file.name,
            sizeBytes: item.file.size,
            contentType: item.contentType,
            title: item.title.trim(),
            description: item.description || undefined,
            visibility: item.visibility,
          });
          sessions.set(key, { ...upload, urls: new Map(upload.parts.map((part) => [part.partNumber, part.url])) });
          saveResumeRecord({
            uploadId: upload.uploadId,
            videoId: upload.videoId,
            fileName: item.file.name,
            sizeBytes: item.file.size,
            lastModified: item.file.lastModified,
            title: item.title.trim(),
            description: item.description,
            visibility: item.visibility,
            savedAt: Date.now(),
          });
          patch(key, { uploadId: upload.uploadId, videoId: upload.videoId });
        }
      } catch (error) {
        if (item.resumeOf && isApiError(error) && error.status === 404) {
          removeResumeRecord(item.resumeOf.uploadId);
          patch(key, { phase: 'draft', resumeOf: null, uploadId: null, videoId: null, error: 'The earlier upload expired. Press Upload to start again.' });
          return;
        }
        patch(key, { phase: 'error', error: errorMessage(error) });
        return;
      }
      await run(key);
    },

    pause: (key) => {
      controllers.get(key)?.abort();
    },

    resume: async (key) => {
      const item = find(key);
      if (!item || (item.phase !== 'paused' && item.phase !== 'error')) return;
      if (!sessions.has(key)) return get().start(key);
      await run(key);
    },

    remove: async (key) => {
      const item = find(key);
      controllers.get(key)?.abort();
      const session = sessions.get(key);
      sessions.delete(key);
      meters.delete(key);
      set((state) => ({ items: state.items.filter((i) => i.key !== key) }));
      // Only an upload started here is cancelled; a matched earlier one stays resumable until discarded.
      if (session && item?.phase !== 'processing') {
        removeResumeRecord(session.uploadId);
        await executeMutation(abortUploadMutationOptions(), session.uploadId).catch(() => undefined);
      }
    },
  };
});
