import { describe, expect, it } from 'vitest';
import { formatSize, thumbSize, typeLabel } from './fileFormat';
import { attachmentsOf, captionOf } from './messageFiles';

describe("a message's files", () => {
  it('keeps well-formed attachments of untrusted content and drops the rest', () => {
    const content = {
      quick_replies: [],
      attachments: [
        { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 800, height: 600 },
        { id: 'f2', name: 'terms.pdf', content_type: 'application/pdf', size: 90_000, kind: 'script', width: -1 },
        { id: 3, name: 'no id' },
        null,
        'f4',
      ],
    };
    expect(attachmentsOf(content)).toEqual([
      { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 800, height: 600 },
      { id: 'f2', name: 'terms.pdf', content_type: 'application/pdf', size: 90_000, kind: 'file', width: undefined, height: undefined },
    ]);
    expect(attachmentsOf({ attachments: 'f1' })).toEqual([]);
    expect(attachmentsOf(null)).toEqual([]);
  });

  it('hides a text that only names the files (what the server stores for files sent without text), keeps a caption', () => {
    const files = [{ name: 'cat.jpg' }, { name: 'terms v2.pdf' }];
    expect(captionOf('cat.jpg, terms v2.pdf', files)).toBe('');
    expect(captionOf('📎 cat.jpg\n📎 terms v2.pdf', files)).toBe('');
    expect(captionOf('Here is my cat.jpg', files)).toBe('Here is my cat.jpg');
    expect(captionOf('Hello', [])).toBe('Hello');
  });
});

describe('how a file is described', () => {
  it('gives sizes in the reader’s language', () => {
    expect(formatSize(820, 'en')).toBe('820 byte');
    expect(formatSize(34_200, 'en')).toBe('34 kB');
    expect(formatSize(3_450, 'en')).toBe('3.5 kB');
    expect(formatSize(2_500_000, 'en')).toBe('2.5 MB');
    expect(formatSize(2_500_000, 'fr')).toBe('2,5\u202fMo'); // a narrow no-break space
    expect(formatSize(12_400_000, 'de')).toBe('12 MB');
  });

  it('names the type by the extension, else by the content type', () => {
    expect(typeLabel({ name: 'Report.final.docx', content_type: 'application/octet-stream' })).toBe('DOCX');
    expect(typeLabel({ name: 'README', content_type: 'text/plain' })).toBe('PLAIN');
  });

  it('fits a thumbnail in its box, keeping the shape, never enlarging it', () => {
    expect(thumbSize({ width: 1600, height: 900 }, 240)).toEqual({ width: 240, height: 135 });
    expect(thumbSize({ width: 90, height: 120 }, 240)).toEqual({ width: 90, height: 120 });
    expect(thumbSize({})).toEqual({});
  });
});
