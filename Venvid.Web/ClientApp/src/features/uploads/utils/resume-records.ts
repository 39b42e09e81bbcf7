import { z } from '@/lib/zod';
import { visibilitySchema } from '@/types/api';

/** What survives a page reload so an interrupted upload can continue once the user picks the same file again. */
const resumeRecordSchema = z.object({
  uploadId: z.string(),
  videoId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  lastModified: z.number(),
  title: z.string(),
  description: z._default(z.string(), ''),
  visibility: z._default(visibilitySchema, 'public'),
  savedAt: z.number(),
});
export type ResumeRecord = z.infer<typeof resumeRecordSchema>;

const STORAGE_KEY = 'venvid.uploads';

export type FileIdentity = { name: string; size: number; lastModified: number };

export const fingerprint = (file: FileIdentity) => `${file.name}|${file.size}|${file.lastModified}`;
const recordFingerprint = (record: ResumeRecord) => fingerprint({ name: record.fileName, size: record.sizeBytes, lastModified: record.lastModified });

export function loadResumeRecords(storage: Storage = localStorage): ResumeRecord[] {
  try {
    const parsed = z.array(resumeRecordSchema).safeParse(JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function save(records: ResumeRecord[], storage: Storage) {
  storage.setItem(STORAGE_KEY, JSON.stringify(records));
}

export function saveResumeRecord(record: ResumeRecord, storage: Storage = localStorage): void {
  const others = loadResumeRecords(storage).filter((r) => r.uploadId !== record.uploadId);
  save([...others, record], storage);
}

export function removeResumeRecord(uploadId: string, storage: Storage = localStorage): void {
  save(
    loadResumeRecords(storage).filter((r) => r.uploadId !== uploadId),
    storage,
  );
}

export function findResumeRecord(file: FileIdentity, storage: Storage = localStorage): ResumeRecord | undefined {
  const key = fingerprint(file);
  return loadResumeRecords(storage).findLast((record) => recordFingerprint(record) === key);
}
