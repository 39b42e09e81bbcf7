import { api } from '@/lib/api-client';
import { likeStateSchema, type LikeState } from '@/types/api';

export function unlikeVideo(id: string): Promise<LikeState> {
  return api(`/api/videos/${encodeURIComponent(id)}/like`, likeStateSchema, { method: 'DELETE' });
}
