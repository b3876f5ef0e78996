import { describe, expect, it, vi } from 'vitest';
import { attemptId, liveAction, liveReducer, LiveVisitors, mergeTrail, type LiveApi, type LiveVisitor } from './live';
import { countryName, countText, deviceText, host, isoDuration, sourceParts, timeOnSite, visitorLabel } from './liveText';
import { entry, T } from './live.fixture';
import type { Conversation } from './types';

const ids = (list: LiveVisitor[]) => list.map((v) => v.id);
const conversation = (id: string): Conversation => ({ id, status: 'open', visitor_id: 'v9', last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: T, last_activity_at: T });

describe('the live list', () => {
  it('sorts a snapshot by newest activity first, once per visitor, and leaves out broken entries', () => {
    const list = liveReducer([], { type: 'snapshot', visitors: [entry('a', 5000), entry('b', 1000), entry('a', 9000), { id: 'x' } as LiveVisitor, entry('c', 1000)] });
    expect(ids(list)).toEqual(['b', 'c', 'a']);
    expect(list[2].last_seen_at).toBe(T - 5000);
  });

  it('adds a new visitor, and moves one who moves to another page to the top with it', () => {
    let list = liveReducer([], { type: 'snapshot', visitors: [entry('a', 2000), entry('b', 3000)] });
    list = liveReducer(list, { type: 'updated', visitor: entry('c', 2500) });
    expect(ids(list)).toEqual(['a', 'c', 'b']);
    const moved = entry('b', 0, { current_page: { url: 'https://shop.example/cart', title: 'Cart', at: T } });
    list = liveReducer(list, { type: 'updated', visitor: moved });
    expect(ids(list)).toEqual(['b', 'a', 'c']);
    expect(list[0].current_page.title).toBe('Cart');
  });

  it('ignores an update older than what it shows, and a broken one', () => {
    const list = liveReducer([], { type: 'snapshot', visitors: [entry('a', 0)] });
    expect(liveReducer(list, { type: 'updated', visitor: entry('a', 5000) })).toBe(list);
    expect(liveReducer(list, { type: 'updated', visitor: null as unknown as LiveVisitor })).toBe(list);
  });

  it('drops a visitor who left, and changes nothing for an unknown one', () => {
    const list = liveReducer([], { type: 'snapshot', visitors: [entry('a', 0), entry('b', 10)] });
    expect(ids(liveReducer(list, { type: 'left', id: 'a' }))).toEqual(['b']);
    expect(liveReducer(list, { type: 'left', id: 'zz' })).toBe(list);
  });

  it('reads only visitor.* events from the socket', () => {
    expect(liveAction({ type: 'event', event: 'visitor.left', data: { id: 'a' } })).toEqual({ type: 'left', id: 'a' });
    expect(liveAction({ type: 'event', event: 'visitor.updated', data: entry('a', 0) })).toMatchObject({ type: 'updated', visitor: { id: 'a' } });
    expect(liveAction({ type: 'event', event: 'message.created', data: { id: 'm' } })).toBeNull();
    expect(liveAction({ type: 'typing', event: 'visitor.left', data: { id: 'a' } })).toBeNull();
  });
});

function fakeApi(over: Partial<LiveApi> = {}): LiveApi {
  return {
    list: async () => ({ visitors: [] }),
    message: async () => ({ conversation: conversation('c1') }),
    errorText: (e) => String((e as Error).message),
    isNotFound: (e) => (e as { status?: number }).status == 404,
    ...over,
  };
}

describe('LiveVisitors', () => {
  it('keeps the events that arrive while the list is fetched, over the older answer', async () => {
    let answer!: (r: { visitors: LiveVisitor[] }) => void;
    const emit = vi.fn();
    const book = new LiveVisitors(fakeApi({ list: () => new Promise((r) => (answer = r)) }), emit);
    const loading = book.load();
    book.onFrame({ type: 'event', event: 'visitor.updated', data: entry('new', 0) });
    book.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'gone' } });
    book.onFrame({ type: 'event', event: 'visitor.updated', data: entry('moved', 0, { current_page: { url: 'https://shop.example/b', title: 'B', at: T } }) });
    answer({ visitors: [entry('gone', 9000), entry('moved', 8000), entry('stays', 7000)] });
    await loading;
    expect(ids(book.visitors)).toEqual(['moved', 'new', 'stays']);
    expect(book.find('moved')!.current_page.title).toBe('B');
    expect(book.loaded).toBe(true);
    expect(emit).toHaveBeenCalled();
    // After the answer, events apply directly and are not kept for a later fetch.
    book.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'stays' } });
    expect(ids(book.visitors)).toEqual(['moved', 'new']);
  });

  it('takes only the newest of two overlapping fetches, and a failure is an error line', async () => {
    const answers: ((r: { visitors: LiveVisitor[] }) => void)[] = [];
    const book = new LiveVisitors(fakeApi({ list: () => new Promise((r) => answers.push(r)) }), () => {});
    const first = book.load();
    const second = book.load();
    answers[1]({ visitors: [entry('b', 0)] });
    answers[0]({ visitors: [entry('a', 0)] });
    await Promise.all([first, second]);
    expect(ids(book.visitors)).toEqual(['b']);

    const failing = new LiveVisitors(fakeApi({ list: async () => Promise.reject(new Error('Cannot reach the server.')) }), () => {});
    await failing.load();
    expect(failing.error).toBe('Cannot reach the server.');
    expect(failing.loaded).toBe(false);
  });

  it('finds the live visitor of a chat visitor', async () => {
    const book = new LiveVisitors(fakeApi({ list: async () => ({ visitors: [entry('a', 0, { visitor_id: 'v1' }), entry('b', 0)] }) }), () => {});
    await book.load();
    expect(book.forVisitor('v1')?.id).toBe('a');
    expect(book.forVisitor(null)).toBeUndefined();
    expect(book.forVisitor('v2')).toBeUndefined();
  });

  it('sends a proactive message and shows the visitor as chatting in the new conversation', async () => {
    const message = vi.fn(async () => conversation('c7'));
    const book = new LiveVisitors(fakeApi({ list: async () => ({ visitors: [entry('a', 0)] }), message }), () => {});
    await book.load();
    expect(await book.message('a', 'Hello!', 'id-1')).toEqual({ conversation: conversation('c7') });
    expect(message).toHaveBeenCalledWith('a', 'Hello!', 'id-1');
    expect(book.find('a')).toMatchObject({ chatting: true, conversation_id: 'c7', visitor_id: 'v9' });
  });

  it('says so when the visitor left (404) and drops them; another failure keeps them for a retry', async () => {
    const gone = new LiveVisitors(fakeApi({ list: async () => ({ visitors: [entry('a', 0)] }), message: () => Promise.reject({ status: 404 }) }), () => {});
    await gone.load();
    expect(await gone.message('a', 'Hi', 'id-1')).toEqual({ error: 'This visitor has left the site.', left: true });
    expect(gone.visitors).toEqual([]);

    const down = new LiveVisitors(fakeApi({ list: async () => ({ visitors: [entry('a', 0)] }), message: () => Promise.reject(new Error('Cannot reach the server.')) }), () => {});
    await down.load();
    expect(await down.message('a', 'Hi', 'id-1')).toEqual({ error: 'Cannot reach the server.', left: false });
    expect(ids(down.visitors)).toEqual(['a']);
  });

  it('retries with the same client_msg_id while the text is unchanged', () => {
    let n = 0;
    const fresh = () => 'id-' + ++n;
    const first = attemptId(null, 'Hi', fresh);
    expect(attemptId(first, 'Hi', fresh)).toBe(first);
    expect(attemptId(first, 'Hi there', fresh)).toEqual({ text: 'Hi there', id: 'id-2' });
  });
});

describe("the contact panel's live trail", () => {
  it('puts the live current page first and adds the pages the log does not have yet, once each', () => {
    const logged = { activity: [{ type: 'page_view' as const, url: 'https://shop.example/', title: 'Home', referrer: 'https://news.example/', at: T - 60_000 }] };
    const v = entry('a', 0, {
      current_page: { url: 'https://shop.example/silk', title: 'Silk', at: T },
      pages: [
        { url: 'https://shop.example/silk', title: 'Silk', at: T },
        { url: 'https://shop.example/', title: 'Home', at: T - 59_000 },
      ],
    });
    const merged = mergeTrail(logged, v);
    expect(merged.current_page).toMatchObject({ url: 'https://shop.example/silk', title: 'Silk', at: T });
    expect(merged.activity.map((a) => a.title)).toEqual(['Silk', 'Home']);
    expect(merged.activity[1].referrer).toBe('https://news.example/');
    expect(mergeTrail(null, v).activity.map((a) => a.title)).toEqual(['Silk', 'Home']);
  });

  it('keeps a newer current page of the log', () => {
    const logged = { current_page: { type: 'page_view' as const, url: 'https://shop.example/late', at: T + 5000 }, activity: [] };
    expect(mergeTrail(logged, entry('a', 0)).current_page?.url).toBe('https://shop.example/late');
  });
});

describe('the words of the Visitors screen', () => {
  it('formats the time on site as it ticks', () => {
    expect(timeOnSite(T - 42_000, T)).toBe('42s');
    expect(timeOnSite(T - 245_000, T)).toBe('4m 05s');
    expect(timeOnSite(T - (3600 + 180) * 1000, T)).toBe('1h 03m');
    expect(timeOnSite(T + 5000, T)).toBe('0s');
    expect(isoDuration(T - 245_000, T)).toBe('PT0H4M5S');
  });

  it('names the source: the campaign, the site ref, the referrer host; else direct', () => {
    expect(sourceParts({ referrer: 'https://www.google.com/search?q=x', utm: null, ref: null })).toEqual(['google.com']);
    expect(sourceParts({ referrer: null, utm: { source: 'news', medium: 'email', campaign: 'spring' }, ref: 'partner-7' })).toEqual(['news / email / spring', 'ref partner-7']);
    expect(sourceParts({ referrer: null, utm: null, ref: null })).toEqual(['Direct']);
    expect(sourceParts(undefined)).toEqual(['Direct']);
    expect(host('javascript:alert(1)')).toBeNull();
    expect(sourceParts({ referrer: 'android-app://com.example', utm: { source: ' ' }, ref: ' ' })).toEqual(['android-app://com.example']);
  });

  it('names the device, the country, the visitor and the count', () => {
    expect(deviceText({ device: 'mobile', browser: 'Safari', os: 'iOS' })).toBe('Mobile · Safari on iOS');
    expect(deviceText({ device: 'desktop', browser: '', os: '' })).toBe('Desktop');
    expect(countryName('de')).toMatch(/^(Germany|DE)$/);
    expect(countryName('Atlantis')).toBe('Atlantis');
    expect(countryName(null)).toBeNull();
    expect(visitorLabel({ id: 'anon-0192abcdef', visitor_id: null })).toBe('Visitor abcdef');
    expect(visitorLabel({ id: 'x', visitor_id: '0192-4444-123456' })).toBe('Visitor 123456');
    expect(countText(1)).toBe('1 visitor on the site');
    expect(countText(3)).toBe('3 visitors on the site');
  });
});
