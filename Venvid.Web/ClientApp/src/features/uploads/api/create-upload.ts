import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { uploadSchema, type Upload, type Visibility } from '@/types/api';

export type CreateUploadInput = {
  fileName: string;
  sizeBytes: number;
  contentType: string;
  title: string;
  description?: string;
  visibility?: Visibility;
};

export function createUpload(input: CreateUploadInput): Promise<Upload> {
  return api('/api/uploads', uploadSchema, { method: 'POST', body: input });
}

export const createUploadMutationOptions = () => ({ mutationFn: createUpload });

export const useCreateUpload = () => useMutation(createUploadMutationOptions());
