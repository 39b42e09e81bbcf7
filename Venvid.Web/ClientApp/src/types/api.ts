import { z } from '@/lib/zod';

// Schemas for every response body of the public API (see the HTTP contract). Optional fields accept null too,
// because the server may serialise "absent" either way.

export const visibilitySchema = z.enum(['public', 'unlisted', 'private']);
export type Visibility = z.infer<typeof visibilitySchema>;

export const videoStatusSchema = z.enum(['uploading', 'queued', 'processing', 'ready', 'failed']);
export type VideoStatus = z.infer<typeof videoStatusSchema>;

export const renditionSchema = z.object({
  name: z.string(),
  width: z.number(),
  height: z.number(),
  bitrate: z.number(),
  ready: z.boolean(),
});
export type Rendition = z.infer<typeof renditionSchema>;

/** One encoded size of a video's thumbnail. The server lists them by width, then type. */
export const thumbnailSchema = z.object({
  width: z.number(),
  height: z.number(),
  /** "image/webp" or "image/jpeg" today; kept open so a new format does not fail the whole video. */
  type: z.string(),
  url: z.string(),
});
export type Thumbnail = z.infer<typeof thumbnailSchema>;

/** Videos processed before sized thumbnails existed have none (absent, null or empty): `thumbnailUrl` stands in. */
const thumbnailsSchema = z.pipe(
  z.nullish(z.array(thumbnailSchema)),
  z.transform((thumbnails): Thumbnail[] => thumbnails ?? []),
);

export const uploaderSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.nullish(z.string()),
});

export const captionSchema = z.object({
  language: z.string(),
  label: z.string(),
  url: z.string(),
});
export type Caption = z.infer<typeof captionSchema>;

export const chapterSchema = z.object({
  startSeconds: z.number().check(z.nonnegative()),
  title: z.string(),
});
export type Chapter = z.infer<typeof chapterSchema>;

export const videoSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.nullish(z.string()),
  visibility: visibilitySchema,
  status: videoStatusSchema,
  progress: z._default(z.number(), 0),
  failureReason: z.nullish(z.string()),
  durationSeconds: z.nullish(z.number()),
  width: z.nullish(z.number()),
  height: z.nullish(z.number()),
  thumbnailUrl: z.nullish(z.string()),
  thumbnails: thumbnailsSchema,
  playbackUrl: z.nullish(z.string()),
  storyboardUrl: z.nullish(z.string()),
  renditions: z._default(z.array(renditionSchema), []),
  captions: z._default(z.array(captionSchema), []),
  chapters: z._default(z.array(chapterSchema), []),
  viewCount: z._default(z.number(), 0),
  likeCount: z._default(z.number(), 0),
  commentCount: z._default(z.number(), 0),
  likedByMe: z._default(z.boolean(), false),
  uploader: uploaderSchema,
  createdAt: z.string(),
  publishedAt: z.nullish(z.string()),
});
export type Video = z.infer<typeof videoSchema>;

export const pageSchema = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.nullish(z.string()),
  });
export const videoPageSchema = pageSchema(videoSchema);
export type VideoPage = z.infer<typeof videoPageSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  displayName: z.nullish(z.string()),
  bio: z.nullish(z.string()),
  avatarUrl: z.nullish(z.string()),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const tokensSchema = z.object({
  accessToken: z.string().check(z.minLength(1)),
  refreshToken: z.string().check(z.minLength(1)),
  expiresIn: z.number().check(z.positive()),
  tokenType: z._default(z.string(), 'Bearer'),
});
export type Tokens = z.infer<typeof tokensSchema>;

export const channelSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.nullish(z.string()),
  bio: z.nullish(z.string()),
  avatarUrl: z.nullish(z.string()),
  createdAt: z.string(),
  videoCount: z.int().check(z.nonnegative()),
  subscriberCount: z.int().check(z.nonnegative()),
  subscribedByMe: z.boolean(),
});
export type Channel = z.infer<typeof channelSchema>;

export const channelPageSchema = pageSchema(channelSchema);
export type ChannelPage = z.infer<typeof channelPageSchema>;

export const subscriptionStateSchema = z.object({
  subscriberCount: z.int().check(z.nonnegative()),
  subscribedByMe: z.boolean(),
});
export type SubscriptionState = z.infer<typeof subscriptionStateSchema>;

export const playlistSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.nullish(z.string()),
  visibility: visibilitySchema,
  kind: z.enum(['playlist', 'watchLater']),
  videoCount: z.int().check(z.nonnegative()),
  thumbnailUrl: z.nullish(z.string()),
  thumbnails: thumbnailsSchema,
  owner: uploaderSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Playlist = z.infer<typeof playlistSchema>;

export const playlistPageSchema = pageSchema(playlistSchema);
export type PlaylistPage = z.infer<typeof playlistPageSchema>;

export const suggestionSchema = z.object({
  kind: z.enum(['video', 'channel']),
  text: z.string(),
  videoId: z.nullish(z.string()),
  username: z.nullish(z.string()),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const suggestionListSchema = z.object({ items: z.array(suggestionSchema) });
export type SuggestionList = z.infer<typeof suggestionListSchema>;

export const playlistItemSchema = z.object({
  itemId: z.int(),
  position: z.int().check(z.positive()),
  addedAt: z.string(),
  video: videoSchema,
});
export type PlaylistItem = z.infer<typeof playlistItemSchema>;

export const playlistItemPageSchema = pageSchema(playlistItemSchema);
export type PlaylistItemPage = z.infer<typeof playlistItemPageSchema>;

export const savedInSchema = z.object({
  items: z.array(z.object({ playlistId: z.string(), itemId: z.int() })),
});
export type SavedIn = z.infer<typeof savedInSchema>;

export const commentSchema = z.object({
  id: z.string(),
  videoId: z.string(),
  parentId: z.nullish(z.string()),
  author: uploaderSchema,
  text: z.string(),
  createdAt: z.string(),
  editedAt: z.nullish(z.string()),
  replyCount: z.int().check(z.nonnegative()),
  deleted: z.boolean(),
});
export type Comment = z.infer<typeof commentSchema>;

export const commentPageSchema = pageSchema(commentSchema);
export type CommentPage = z.infer<typeof commentPageSchema>;

export const likeStateSchema = z.object({
  likeCount: z.number(),
  likedByMe: z.boolean(),
});
export type LikeState = z.infer<typeof likeStateSchema>;

export const partUrlSchema = z.object({
  partNumber: z.int().check(z.positive()),
  url: z.string().check(z.minLength(1)),
});
export type PartUrl = z.infer<typeof partUrlSchema>;

export const uploadSchema = z.object({
  uploadId: z.string(),
  videoId: z.string(),
  partSizeBytes: z.int().check(z.positive()),
  partCount: z.int().check(z.positive()),
  parts: z._default(z.array(partUrlSchema), []),
  expiresAt: z.nullish(z.string()),
});
export type Upload = z.infer<typeof uploadSchema>;

export const partUrlsSchema = z.object({ parts: z.array(partUrlSchema) });

export const uploadedPartSchema = z.object({
  partNumber: z.int().check(z.positive()),
  sizeBytes: z.nullish(z.number()),
  etag: z.string(),
});
export type UploadedPart = z.infer<typeof uploadedPartSchema>;

export const uploadStateSchema = z.object({
  uploadId: z.string(),
  videoId: z.string(),
  partSizeBytes: z.int().check(z.positive()),
  partCount: z.int().check(z.positive()),
  uploadedParts: z._default(z.array(uploadedPartSchema), []),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

export const problemDetailsSchema = z.object({
  type: z.nullish(z.string()),
  title: z.nullish(z.string()),
  status: z.nullish(z.number()),
  detail: z.nullish(z.string()),
  errors: z.nullish(z.record(z.string(), z.union([z.array(z.string()), z.string()]))),
});
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;
