// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { richOf } from './content';
import { RichContent } from './RichContent';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount(content: unknown, sender: any = { type: 'bot', id: 'flow:f1' }, flowName?: string) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<RichContent rich={richOf({ content, sender })!} flowName={flowName} />, root));
  return root;
}

describe('RichContent', () => {
  it('renders labels as text, links safely, images without a referrer', () => {
    const root = mount({
      quick_replies: [{ label: '<img src=x onerror=alert(1)>', payload: 'x' }],
      buttons: [{ label: 'Size chart', url: 'https://shop.example/sizes' }, { label: 'Evil', url: 'javascript:alert(1)' }],
      cards: [{ title: '<b>Silk</b>', subtitle: '€89', image_url: 'https://shop.example/s.jpg' }],
    });
    expect(root.querySelectorAll('[data-testid=quick-replies] img')).toHaveLength(0);
    expect(root.querySelector('[data-testid=quick-replies] .chip')!.textContent).toBe('<img src=x onerror=alert(1)>');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://shop.example/sizes']);
    expect(links[0].getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0].getAttribute('target')).toBe('_blank');
    expect(root.querySelector('[data-testid=buttons]')!.textContent).toContain('Evil');
    expect(root.querySelector('.card strong')!.textContent).toBe('<b>Silk</b>');
    const img = root.querySelector('.card img')!;
    expect(img.getAttribute('src')).toBe('https://shop.example/s.jpg');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(root.querySelectorAll('b')).toHaveLength(0);
  });

  it('shows a summary as a table and a tap as a hint', () => {
    const root = mount({ summary: { flow_id: 'f1', version: 2, answers: { style: 'classic', email: 'a@b.example' } } }, { type: 'bot' }, 'Stylist');
    expect(root.querySelector('caption')!.textContent).toBe('Answers collected by Stylist (version 2)');
    expect([...root.querySelectorAll('tr')].map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent])).toEqual([
      ['style', 'classic'],
      ['email', 'a@b.example'],
    ]);
    expect(mount({ payload: 'classic' }, { type: 'contact' }).querySelector('[data-testid=payload-hint]')!.textContent).toBe('tapped: classic');
  });
});
