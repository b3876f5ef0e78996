import { describe, expect, it } from 'vitest';
import { answerText, imageUrl, inputHint, linkUrl, richOf, summaryOf, tappedHint } from './content';
import type { Message } from './types';

const bot = { type: 'bot' as const, id: 'flow:f1', name: 'Stylist' };
const visitor = { type: 'contact' as const, id: 'k' };
const rich = (content: unknown, sender: Message['sender'] = bot) => richOf({ content, sender });

describe('rich content', () => {
  it('keeps quick replies, buttons and cards as text, within their limits', () => {
    const r = rich({
      quick_replies: [{ label: 'Classic', payload: 'classic' }, { label: 'Bold', payload: 'bold' }, { payload: 'no label' }, { label: 42 }],
      buttons: [{ label: 'Size chart', url: 'https://shop.example/sizes' }, { label: 'Red', payload: 'red' }],
      cards: [
        { title: 'Silk scarf', subtitle: '€89', image_url: 'https://shop.example/s.jpg', buttons: [{ label: 'See it', url: 'https://shop.example/s' }] },
        { subtitle: 'no title' },
      ],
    })!;
    expect(r.quickReplies).toEqual([{ label: 'Classic' }, { label: 'Bold' }]);
    expect(r.buttons).toEqual([{ label: 'Size chart', url: 'https://shop.example/sizes' }, { label: 'Red' }]);
    expect(r.cards).toEqual([{ title: 'Silk scarf', subtitle: '€89', image: 'https://shop.example/s.jpg', buttons: [{ label: 'See it', url: 'https://shop.example/s' }] }]);
    const many = rich({ quick_replies: Array.from({ length: 30 }, (_, i) => ({ label: 'q' + i })), buttons: Array.from({ length: 9 }, (_, i) => ({ label: 'b' + i })) })!;
    expect(many.quickReplies).toHaveLength(10);
    expect(many.buttons).toHaveLength(5);
  });

  it('opens only http and https links and loads only https images', () => {
    expect(linkUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(linkUrl('http://a.example/')).toBe('http://a.example/');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'mailto:a@b.example', '/relative', '//a.example/x', 'ftp://a.example', '', 42, null, 'https://' + 'a'.repeat(2001)]) {
      expect(linkUrl(bad)).toBeUndefined();
    }
    expect(imageUrl('https://a.example/i.png')).toBe('https://a.example/i.png');
    expect(imageUrl('http://a.example/i.png')).toBeUndefined();
    expect(imageUrl('data:image/png;base64,AAAA')).toBeUndefined();
    const r = rich({ buttons: [{ label: 'Evil', url: 'javascript:alert(1)' }], cards: [{ title: 'T', image_url: 'http://a.example/i.png' }] })!;
    expect(r.buttons).toEqual([{ label: 'Evil' }]);
    expect(r.cards[0].image).toBeUndefined();
  });

  it('hints what an input asks for, and what a visitor tapped', () => {
    expect(inputHint({ type: 'email', placeholder: 'you@example.com' })).toBe('asks for an email');
    expect(inputHint({ type: 'phone' })).toBe('asks for a phone number');
    expect(inputHint({ type: 'weird' })).toBe('asks for an answer');
    expect(inputHint(undefined)).toBeUndefined();
    expect(tappedHint('classic')).toBe('tapped: classic');
    expect(tappedHint('parley:human')).toBe('asked for a person');
    expect(tappedHint({})).toBeUndefined();
    expect(rich({ payload: 'classic' }, visitor)?.tapped).toBe('tapped: classic');
    // Only a visitor's message carries a tap.
    expect(rich({ payload: 'classic' }, bot)).toBeNull();
    expect(rich({ input: { type: 'email' } })?.input).toBe('asks for an email');
  });

  it('reads a summary note as a table of answers', () => {
    const r = rich({ summary: { flow_id: 'f1', version: 3, answers: { style: 'classic', size: 38, vip: true, none: null, sizes: ['M', 'L'] } } }, { type: 'bot' })!;
    expect(r.summary).toEqual({
      flowId: 'f1',
      version: 3,
      answers: [
        ['style', 'classic'],
        ['size', '38'],
        ['vip', 'true'],
        ['none', '—'],
        ['sizes', '["M","L"]'],
      ],
    });
    expect(summaryOf({ answers: ['x'] })).toEqual({ flowId: '', version: undefined, answers: [] });
    expect(answerText('<b>x</b>')).toBe('<b>x</b>');
  });

  it('has nothing to show for plain, mention or system content', () => {
    expect(rich(undefined)).toBeNull();
    expect(rich('quick_replies')).toBeNull();
    expect(rich({ mentions: ['a1'] }, { type: 'agent', id: 'a2' })).toBeNull();
    expect(rich({ system: 'assigned', actor_id: 'a1' }, { type: 'system' })).toBeNull();
    expect(rich({ quick_replies: 'nope', buttons: {}, cards: null })).toBeNull();
  });
});
