import { CONTROL_CHARACTERS, plainText, z } from '@/lib/zod';
import { visibilitySchema } from '@/types/api';

export const uploadDetailsSchema = z.object({
  title: z.string().check(z.trim(), z.minLength(1, 'Give the video a title.'), z.maxLength(100, 'Keep the title to 100 characters.'), plainText()),
  description: z.string().check(z.maxLength(5000, 'Keep the description to 5000 characters.'), plainText()),
  visibility: visibilitySchema,
});
export type UploadDetails = z.infer<typeof uploadDetailsSchema>;

const extensionTypes: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  ts: 'video/mp2t',
  '3gp': 'video/3gpp',
  ogv: 'video/ogg',
};

/** The file's video MIME type, guessed from the extension when the browser gives none; null when not a video. */
export function videoContentType(file: { name: string; type: string }): string | null {
  if (file.type.startsWith('video/')) return file.type;
  if (file.type && file.type !== 'application/octet-stream') return null;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return extensionTypes[extension] ?? null;
}

/** "holiday_in-rome.mp4" → "holiday in rome", a starting title the user can change. */
export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[^.]+$/, '')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[_-]+/g, ' ')
    .trim();
  return (base || 'Untitled video').slice(0, 100);
}
