import { describe, expect, it } from 'vitest';
import { applyOptimisticSave } from './edit-playlists';

describe('the Save menu', () => {
  it('checks a playlist at once and unchecks only that one', () => {
    const saved = { items: [{ playlistId: 'later', itemId: 7 }] };
    expect(applyOptimisticSave(saved, { playlistId: 'trip', save: true }).items).toEqual([
      { playlistId: 'later', itemId: 7 },
      { playlistId: 'trip', itemId: -1 },
    ]);
    expect(applyOptimisticSave(saved, { playlistId: 'later', save: false }).items).toEqual([]);
    expect(applyOptimisticSave(saved, { playlistId: 'later', save: true }).items).toHaveLength(1);
  });
});
