export type PartSpec = { partNumber: number; start: number; end: number };

/**
 * The byte range of every part, numbered from 1 as S3 does. The last part holds the remainder.
 * `partCount` comes from the server; it must agree with the size, or the upload would be corrupt.
 */
export function planParts(sizeBytes: number, partSizeBytes: number, partCount: number): PartSpec[] {
  if (partSizeBytes <= 0) throw new Error('Part size must be positive.');
  const expected = Math.max(1, Math.ceil(sizeBytes / partSizeBytes));
  if (expected !== partCount) {
    throw new Error(`The server planned ${partCount} parts but ${expected} are needed for this file.`);
  }
  return Array.from({ length: partCount }, (_, index) => ({
    partNumber: index + 1,
    start: index * partSizeBytes,
    end: Math.min(sizeBytes, (index + 1) * partSizeBytes),
  }));
}

export const partSize = (part: PartSpec) => part.end - part.start;

/** The parts still to send, in order, given the part numbers storage already holds. */
export function remainingParts(plan: PartSpec[], done: Iterable<number>): PartSpec[] {
  const doneSet = new Set(done);
  return plan.filter((part) => !doneSet.has(part.partNumber));
}

/** The next `count` part numbers, from `candidates` in order, that have no URL yet. */
export function nextPartsNeedingUrls(candidates: PartSpec[], withUrl: ReadonlySet<number>, count: number): number[] {
  const result: number[] = [];
  for (const part of candidates) {
    if (result.length >= count) break;
    if (!withUrl.has(part.partNumber)) result.push(part.partNumber);
  }
  return result;
}
