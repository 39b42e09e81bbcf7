import { describe, expect, it } from 'vitest';
import { updateMeInputSchema } from '@/features/account/api/update-me';
import { validate } from '@/lib/form';
import { titleFromFileName, uploadDetailsSchema } from './upload-form-schema';

const controlMessage = 'Remove the invisible control characters (they often come with pasted text).';

describe('text the API would refuse', () => {
  it('names a control character in the field that holds it, before anything is sent', () => {
    expect(validate(uploadDetailsSchema, { title: 'Ok', description: 'bell\u0007', visibility: 'public' })).toEqual({
      success: false,
      errors: { description: controlMessage },
    });
    expect(validate(updateMeInputSchema, { displayName: 'Zoe\u0000', bio: '' })).toEqual({ success: false, errors: { displayName: controlMessage } });
    expect(validate(updateMeInputSchema, { displayName: 'Zoe', bio: 'c1\u009b' })).toEqual({ success: false, errors: { bio: controlMessage } });
  });

  it('keeps tabs and line breaks, which are text', () => {
    const result = validate(uploadDetailsSchema, { title: 'Ok', description: 'one\ntwo\r\n\tthree', visibility: 'public' });
    expect(result).toEqual({ success: true, data: { title: 'Ok', description: 'one\ntwo\r\n\tthree', visibility: 'public' } });
  });

  it('never suggests a title with control characters from a file name', () => {
    expect(titleFromFileName('holiday\u0007in_rome.mp4')).toBe('holiday in rome');
    expect(titleFromFileName('a\u001b[31mb.mov')).toBe('a [31mb');
  });
});
