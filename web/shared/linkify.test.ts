import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

const links = (text: string) => linkify(text).filter((s) => s.href);

describe('linkify', () => {
  it('returns plain text as one segment', () => {
    expect(linkify('Do you have red scarves?')).toEqual([{ text: 'Do you have red scarves?' }]);
    expect(linkify('')).toEqual([]);
  });

  it('makes http, https and mailto links and keeps the text around them', () => {
    expect(linkify('See https://shop.example/scarves?c=red, or mail mailto:help@shop.example.')).toEqual([
      { text: 'See ' },
      { text: 'https://shop.example/scarves?c=red', href: 'https://shop.example/scarves?c=red' },
      { text: ', or mail ' },
      { text: 'mailto:help@shop.example', href: 'mailto:help@shop.example' },
      { text: '.' },
    ]);
    expect(links('(http://a.example/x)')).toEqual([{ text: 'http://a.example/x', href: 'http://a.example/x' }]);
    expect(links('http://en.example/wiki/Scarf_(garment)!')[0].text).toBe('http://en.example/wiki/Scarf_(garment)');
  });

  it('joins the segments back into the original text', () => {
    const text = 'a https://x.example/1 b http://y.example c mailto:z@x.example d';
    expect(linkify(text).map((s) => s.text).join('')).toBe(text);
  });

  it('never turns script-like payloads into links', () => {
    const payloads = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      ' javascript:alert(1)//https://x.example',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">click</a>',
      '<script>alert(1)</script>',
      'mailto:javascript:alert(1)',
      'http://',
      'https://"onmouseover="alert(1)',
    ];
    for (const payload of payloads) {
      for (const segment of linkify(payload)) {
        if (segment.href) {
          expect(segment.href).toMatch(/^(https?:\/\/[^\s"<>]+|mailto:[^\s"<>]+)$/);
        }
      }
      expect(linkify(payload).map((s) => s.text).join('')).toBe(payload);
    }
    expect(links('javascript:alert(1)')).toEqual([]);
    expect(links('<img src=x onerror=alert(1)>')).toEqual([]);
    expect(links('mailto:javascript:alert(1)')).toEqual([]);
  });

  it('stops a link at quotes and angle brackets so markup cannot ride along', () => {
    expect(links('https://x.example/"><img src=x onerror=alert(1)>')).toEqual([
      { text: 'https://x.example/', href: 'https://x.example/' },
    ]);
    expect(links("https://x.example/a'onclick='alert(1)")[0].href).toBe('https://x.example/a');
  });

  it('safeHref accepts only absolute http, https and mailto URLs', () => {
    expect(safeHref('https://shop.example/a b')).toBe('https://shop.example/a%20b');
    expect(safeHref('HTTPS://SHOP.example')).toBe('https://shop.example/');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of ['javascript:alert(1)', '/relative', '//evil.example', 'ftp://x.example', 'data:,x', 'mailto:', 'https://']) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
