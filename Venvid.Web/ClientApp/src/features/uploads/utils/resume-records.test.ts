import { describe, expect, it } from 'vitest';
import { findResumeRecord, loadResumeRecords, removeResumeRecord, saveResumeRecord, type ResumeRecord } from './resume-records';

const record: ResumeRecord = {
  uploadId: 'up1',
  videoId: 'v1',
  fileName: 'alps.mp4',
  sizeBytes: 1000,
  lastModified: 42,
  title: 'Alps',
  description: '',
  visibility: 'public',
  savedAt: 1,
};

describe('resume records', () => {
  it('finds an interrupted upload by file name, size and modification time', () => {
    saveResumeRecord(record);
    expect(findResumeRecord({ name: 'alps.mp4', size: 1000, lastModified: 42 })?.uploadId).toBe('up1');
    expect(findResumeRecord({ name: 'alps.mp4', size: 1001, lastModified: 42 })).toBeUndefined();
    expect(findResumeRecord({ name: 'alps.mp4', size: 1000, lastModified: 43 })).toBeUndefined();
  });

  it('replaces a record with the same upload id and removes it when done', () => {
    saveResumeRecord(record);
    saveResumeRecord({ ...record, title: 'Renamed' });
    expect(loadResumeRecords()).toHaveLength(1);
    removeResumeRecord('up1');
    expect(loadResumeRecords()).toEqual([]);
  });

  it('ignores corrupt storage', () => {
    localStorage.setItem('venvid.uploads', '{not json');
    expect(loadResumeRecords()).toEqual([]);
    localStorage.setItem('venvid.uploads', JSON.stringify([{ uploadId: 1 }]));
    expect(loadResumeRecords()).toEqual([]);
  });
});
