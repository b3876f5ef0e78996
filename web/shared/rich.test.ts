import { describe, expect, it } from 'vitest';
import {
  canAskForHuman,
  HUMAN_PAYLOAD,
  inputAttributes,
  pageMatches,
  requestedInput,
  safeImage,
  safeUrl,
  sanitizeContent,
  validateInput,
  visibleQuickReplies,
  wildcardMatch,
} from './rich';

const bot = { type: 'bot' };
const agent = { type: 'agent' };
const contact = { type: 'contact' };

describe('safeUrl and safeImage', () => {
  it('opens only http and https URLs with a host', () => {
    expect(safeUrl('https://shop.example/sizes')).toBe('https://shop.example/sizes');
    expect(safeUrl('http://shop.example')).toBe('http://shop.example/');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'mailto:a@b.c', 'ftp://x.example', '//x.example', '/relative', 'https://', '', ' javascript:alert(1)', 'vbscript:x']) {
      expect(safeUrl(bad)).toBeNull();
    }
    expect(safeUrl(42)).toBeNull();
    expect(safeUrl('https://x.example/' + 'a'.repeat(2000))).toBeNull();
  });

  it('loads card images from https only', () => {
    expect(safeImage('https://shop.example/s.jpg')).toBe('https://shop.example/s.jpg');
    expect(safeImage('http://shop.example/s.jpg')).toBeNull();
    expect(safeImage('data:image/png;base64,AAAA')).toBeNull();
  });
});

describe('sanitizeContent', () => {
  it('keeps well-formed parts in the contract shape', () => {
    const content = {
      quick_replies: [{ label: 'Classic', payload: 'classic' }],
      buttons: [{ label: 'Size chart', url: 'https://shop.example/sizes' }, { label: 'Red', payload: 'red' }],
      cards: [{ title: 'Silk scarf', subtitle: '€89', image_url: 'https://shop.example/s.jpg', buttons: [{ label: 'See it', url: 'https://shop.example/s' }] }],
      input: { type: 'email', placeholder: 'you@example.com' },
    };
    expect(sanitizeContent(content)).toEqual(content);
  });

  it('drops malformed parts and unsafe links, and keeps within the limits', () => {
    const c = sanitizeContent({
      quick_replies: [{ label: 'Old', value: 'old' }, { label: '', payload: 'x' }, { label: 'x'.repeat(50), payload: 'ok' }, ...Array(12).fill({ label: 'a', payload: 'b' })],
      buttons: [{ label: 'Evil', url: 'javascript:alert(1)' }, { label: 'Both', payload: 'p', url: 'https://x.example' }, { label: 'Nothing' }, null, 'str'],
      cards: [{ title: '<img src=x onerror=alert(1)>', image_url: 'http://x.example/a.jpg', buttons: [1, 2, 3, 4].map((i) => ({ label: 'b' + i, payload: 'p' + i })) }, { subtitle: 'no title' }],
      input: { type: 'password' },
    });
    expect(c.quick_replies).toHaveLength(8); // the first 10 only, of which two are malformed
    expect(c.quick_replies![0].label).toHaveLength(40);
    expect(c.buttons).toEqual([{ label: 'Both', payload: 'p' }]);
    expect(c.cards).toEqual([{ title: '<img src=x onerror=alert(1)>', buttons: [1, 2, 3].map((i) => ({ label: 'b' + i, payload: 'p' + i })) }]);
    expect(c.input).toBeUndefined();
  });

  it('answers nothing for nothing', () => {
    for (const v of [null, undefined, 'x', 3, [], { quick_replies: 'x', cards: {} }]) expect(sanitizeContent(v)).toEqual({});
  });
});

describe('answers a bot asks for', () => {
  it('maps each type to a keyboard', () => {
    expect(inputAttributes('email')).toMatchObject({ type: 'email', inputMode: 'email', autoComplete: 'email' });
    expect(inputAttributes('phone')).toMatchObject({ type: 'tel' });
    expect(inputAttributes('number')).toMatchObject({ inputMode: 'decimal' });
    expect(inputAttributes('date')).toMatchObject({ type: 'date' });
    expect(inputAttributes('text')).toEqual({ type: 'text' });
    expect(inputAttributes(undefined)).toEqual({ type: 'text' });
  });

  it('checks emails', () => {
    expect(validateInput('email', ' ada@example.com ')).toBe('ada@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', '']) expect(validateInput('email', bad)).toBeNull();
  });

  it('checks phone numbers', () => {
    expect(validateInput('phone', '+33 6 12 34 56 78')).toBe('+33 6 12 34 56 78');
    expect(validateInput('phone', '(555) 123-4567')).toBe('(555) 123-4567');
    for (const bad of ['12345', 'call me', '+33 6 12 34 56 78 90 12 34', '06 12 34 56 78 x']) expect(validateInput('phone', bad)).toBeNull();
  });

  it('checks numbers, with a decimal comma as well', () => {
    expect(validateInput('number', '42')).toBe('42');
    expect(validateInput('number', '3,5')).toBe('3.5');
    expect(validateInput('number', '-0.25')).toBe('-0.25');
    expect(validateInput('number', '1 000')).toBe('1000');
    for (const bad of ['abc', '1.2.3', '1e5', '', '--1', '12a']) expect(validateInput('number', bad)).toBeNull();
  });

  it('checks real calendar dates', () => {
    expect(validateInput('date', '2026-02-28')).toBe('2026-02-28');
    expect(validateInput('date', '2028-02-29')).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '01/02/2026', 'tomorrow']) expect(validateInput('date', bad)).toBeNull();
  });

  it('takes any non-blank text', () => {
    expect(validateInput('text', ' hi ')).toBe('hi');
    expect(validateInput(undefined, '  ')).toBeNull();
  });
});

describe('wildcard patterns', () => {
  it('matches * against any characters, the rest literally', () => {
    expect(wildcardMatch('/pricing', '/pricing')).toBe(true);
    expect(wildcardMatch('/pricing', '/pricing/x')).toBe(false);
    expect(wildcardMatch('/shop/*', '/shop/scarves')).toBe(true);
    expect(wildcardMatch('/shop/*', '/shop/')).toBe(true);
    expect(wildcardMatch('/shop/*', '/shopping')).toBe(false);
    expect(wildcardMatch('*checkout*', '/a/checkout/b')).toBe(true);
    expect(wildcardMatch('*', '')).toBe(true);
    expect(wildcardMatch('/a*b*c', '/axxbyyc')).toBe(true);
    expect(wildcardMatch('/a*b*c', '/axxcyyb')).toBe(false);
    expect(wildcardMatch('a*a', 'a')).toBe(false);
    expect(wildcardMatch('/p?x=(1)+[a].*', '/p?x=(1)+[a].html')).toBe(true); // regex characters are literal
  });

  it('is linear on hostile patterns', () => {
    const start = performance.now();
    expect(wildcardMatch('*a'.repeat(200) + 'b', 'a'.repeat(20000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('matches the whole URL or the path of the page', () => {
    const url = 'https://shop.example/scarves/silk?utm_source=news';
    expect(pageMatches('/scarves/*', url)).toBe(true);
    expect(pageMatches('https://shop.example/scarves*', url)).toBe(true);
    expect(pageMatches('*utm_source=news*', url)).toBe(true);
    expect(pageMatches('/pricing', url)).toBe(false);
    expect(pageMatches('', url)).toBe(false);
    expect(pageMatches('/x', 'not a url')).toBe(false);
  });
});

describe('what shows under the thread', () => {
  const replies = { quick_replies: [{ label: 'Classic', payload: 'classic' }] };

  it('shows quick replies under the newest message only when it is from the team', () => {
    expect(visibleQuickReplies([{ sender: bot, content: replies }])).toEqual(replies.quick_replies);
    expect(visibleQuickReplies([{ sender: agent, content: replies }])).toEqual(replies.quick_replies);
    expect(visibleQuickReplies([{ sender: bot, content: replies }, { sender: contact, content: { payload: 'classic' } }])).toEqual([]);
    expect(visibleQuickReplies([{ sender: bot, content: replies }, { sender: bot, content: null }])).toEqual([]);
    expect(visibleQuickReplies([])).toEqual([]);
  });

  it('follows the input the newest team message asks for', () => {
    const ask = { sender: bot, content: { input: { type: 'email' } } };
    expect(requestedInput([ask])).toEqual({ type: 'email' });
    expect(requestedInput([ask, { sender: contact }])).toBeUndefined();
  });

  it('offers "Talk to a person" while a flow owns the open conversation', () => {
    const flow = { status: 'open', owner: { type: 'flow' } };
    expect(canAskForHuman(flow, [{ sender: bot }])).toBe(true);
    expect(canAskForHuman({ ...flow, owner: { type: 'humans' } }, [{ sender: bot }])).toBe(false);
    expect(canAskForHuman({ status: 'open' }, [])).toBe(false); // an older server: no owner
    expect(canAskForHuman({ ...flow, status: 'resolved' }, [])).toBe(false);
    expect(canAskForHuman(undefined, [])).toBe(false);
    expect(canAskForHuman(flow, [{ sender: bot }, { sender: contact, content: { payload: HUMAN_PAYLOAD } }])).toBe(false);
    expect(canAskForHuman(flow, [{ sender: contact, content: { payload: 'classic' } }])).toBe(true);
  });
});
