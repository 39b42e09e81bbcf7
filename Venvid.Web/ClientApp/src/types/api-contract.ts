import type { z } from '@/lib/zod';
import type { components } from './api.generated';
import type {
  captionSchema,
  channelPageSchema,
  channelSchema,
  commentPageSchema,
  commentSchema,
  likeStateSchema,
  partUrlsSchema,
  playlistItemPageSchema,
  playlistItemSchema,
  playlistPageSchema,
  playlistSchema,
  problemDetailsSchema,
  savedInSchema,
  subscriptionStateSchema,
  suggestionListSchema,
  tokensSchema,
  uploadSchema,
  uploadStateSchema,
  userSchema,
  videoPageSchema,
  videoSchema,
} from './api';

// The response schemas the app parses with, held to the API's own description of what it sends (api.generated.ts,
// generated from the OpenAPI document): if the API changes a field, this file stops compiling until the schema follows.

/** The records the API's OpenAPI document describes. */
export type ApiSchemas = components['schemas'];

/**
 * `true` when the schema accepts every body the API may send as `Sent` and reads no field the API does not send;
 * otherwise a type that names what is wrong, so `Assert` fails to compile and says why.
 */
export type Conforms<Schema extends z.ZodMiniType, Sent> = [Sent] extends [z.input<Schema>]
  ? [Exclude<keyof z.input<Schema>, keyof Sent>] extends [never]
    ? true
    : { readsFieldsTheApiDoesNotSend: Exclude<keyof z.input<Schema>, keyof Sent> }
  : { rejectsWhatTheApiSends: Sent };

export type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Conforms<typeof videoSchema, ApiSchemas['VideoDto']>>,
  Assert<Conforms<typeof videoPageSchema, ApiSchemas['PageOfVideoDto']>>,
  Assert<Conforms<typeof captionSchema, ApiSchemas['CaptionDto']>>,
  Assert<Conforms<typeof userSchema, ApiSchemas['UserDto']>>,
  Assert<Conforms<typeof tokensSchema, ApiSchemas['Tokens']>>,
  Assert<Conforms<typeof channelSchema, ApiSchemas['ChannelDto']>>,
  Assert<Conforms<typeof channelPageSchema, ApiSchemas['PageOfChannelDto']>>,
  Assert<Conforms<typeof subscriptionStateSchema, ApiSchemas['SubscriptionResult']>>,
  Assert<Conforms<typeof playlistSchema, ApiSchemas['PlaylistDto']>>,
  Assert<Conforms<typeof playlistPageSchema, ApiSchemas['PageOfPlaylistDto']>>,
  Assert<Conforms<typeof playlistItemSchema, ApiSchemas['PlaylistItemDto']>>,
  Assert<Conforms<typeof playlistItemPageSchema, ApiSchemas['PageOfPlaylistItemDto']>>,
  Assert<Conforms<typeof savedInSchema, ApiSchemas['SavedInDto']>>,
  Assert<Conforms<typeof suggestionListSchema, ApiSchemas['SuggestionList']>>,
  Assert<Conforms<typeof commentSchema, ApiSchemas['CommentDto']>>,
  Assert<Conforms<typeof commentPageSchema, ApiSchemas['PageOfCommentDto']>>,
  Assert<Conforms<typeof likeStateSchema, ApiSchemas['LikeResult']>>,
  Assert<Conforms<typeof uploadSchema, ApiSchemas['UploadDto']>>,
  Assert<Conforms<typeof partUrlsSchema, ApiSchemas['SignPartsResponse']>>,
  Assert<Conforms<typeof uploadStateSchema, ApiSchemas['UploadStatusDto']>>,
  // The app reads every problem with one schema; the validation problem is the one with the most fields.
  Assert<Conforms<typeof problemDetailsSchema, ApiSchemas['HttpValidationProblemDetails']>>,
];
