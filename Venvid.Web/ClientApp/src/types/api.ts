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

export const uploaderSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullish(),
});

export const videoSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  visibility: visibilitySchema,
  status: videoStatusSchema,
  progress: z.number().default(0),
  failureReason: z.string().nullish(),
  durationSeconds: z.number().nullish(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  thumbnailUrl: z.string().nullish(),
  playbackUrl: z.string().nullish(),
  storyboardUrl: z.string().nullish(),
  renditions: z.array(renditionSchema).default([]),
  viewCount: z.number().default(0),
  likeCount: z.number().default(0),
  commentCount: z.number().default(0),
  likedByMe: z.boolean().default(false),
  uploader: uploaderSchema,
  createdAt: z.string(),
  publishedAt: z.string().nullish(),
});
export type Video = z.infer<typeof videoSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullish(),
  });
export const videoPageSchema = pageSchema(videoSchema);
export type VideoPage = z.infer<typeof videoPageSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  displayName: z.string().nullish(),
  bio: z.string().nullish(),
  avatarUrl: z.string().nullish(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const tokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().positive(),
  tokenType: z.string().default('Bearer'),
});
export type Tokens = z.infer<typeof tokensSchema>;

export const channelSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullish(),
  bio: z.string().nullish(),
  avatarUrl: z.string().nullish(),
  createdAt: z.string(),
  videoCount: z.number().int().nonnegative(),
  subscriberCount: z.number().int().nonnegative(),
  subscribedByMe: z.boolean(),
});
export type Channel = z.infer<typeof channelSchema>;

export const channelPageSchema = pageSchema(channelSchema);
export type ChannelPage = z.infer<typeof channelPageSchema>;

export const subscriptionStateSchema = z.object({
  subscriberCount: z.number().int().nonnegative(),
  subscribedByMe: z.boolean(),
});
export type SubscriptionState = z.infer<typeof subscriptionStateSchema>;

export const playlistSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  visibility: visibilitySchema,
  kind: z.enum(['playlist', 'watchLater']),
  videoCount: z.number().int().nonnegative(),
  thumbnailUrl: z.string().nullish(),
  owner: uploaderSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Playlist = z.infer<typeof playlistSchema>;

export const playlistPageSchema = pageSchema(playlistSchema);
export type PlaylistPage = z.infer<typeof playlistPageSchema>;

export const playlistItemSchema = z.object({
  itemId: z.number().int(),
  position: z.number().int().positive(),
  addedAt: z.string(),
  video: videoSchema,
});
export type PlaylistItem = z.infer<typeof playlistItemSchema>;

export const playlistItemPageSchema = pageSchema(playlistItemSchema);
export type PlaylistItemPage = z.infer<typeof playlistItemPageSchema>;

export const savedInSchema = z.object({
  items: z.array(z.object({ playlistId: z.string(), itemId: z.number().int() })),
});
export type SavedIn = z.infer<typeof savedInSchema>;

export const commentSchema = z.object({
  id: z.string(),
  videoId: z.string(),
  parentId: z.string().nullish(),
  author: uploaderSchema,
  text: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullish(),
  replyCount: z.number().int().nonnegative(),
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
  partNumber: z.number().int().positive(),
  url: z.string().min(1),
});
export type PartUrl = z.infer<typeof partUrlSchema>;

export const uploadSchema = z.object({
  uploadId: z.string(),
  videoId: z.string(),
  partSizeBytes: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(partUrlSchema).default([]),
  expiresAt: z.string().nullish(),
});
export type Upload = z.infer<typeof uploadSchema>;

export const partUrlsSchema = z.object({ parts: z.array(partUrlSchema) });

export const uploadedPartSchema = z.object({
  partNumber: z.number().int().positive(),
  sizeBytes: z.number().nullish(),
  etag: z.string(),
});
export type UploadedPart = z.infer<typeof uploadedPartSchema>;

export const uploadStateSchema = z.object({
  uploadId: z.string(),
  videoId: z.string(),
  partSizeBytes: z.number().int().positive(),
  partCount: z.number().int().positive(),
  uploadedParts: z.array(uploadedPartSchema).default([]),
});
export type UploadState = z.infer<typeof uploadStateSchema>;

export const problemDetailsSchema = z.object({
  type: z.string().nullish(),
  title: z.string().nullish(),
  status: z.number().nullish(),
  detail: z.string().nullish(),
  errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).nullish(),
});
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;
