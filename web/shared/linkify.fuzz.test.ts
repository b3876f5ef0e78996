/**
 * Fuzzing the link renderer (issue 11) with fast-check: Jazzer.js cannot run here (its 4.0 native fuzzer needs
 * glibc 2.38, older releases download theirs), so this is property-based testing instead of coverage-guided.
 * Properties: the segments' text joins back into the input, every href is http:, https: or mailto: as the URL
 * parser reads it, and linkify is about linear (20,000 characters take well under a quarter of a second).
 * The kept inputs (linkify.corpus.ts) run first; `LINKIFY_FUZZ_SECONDS=600 npx vitest run
 * shared/linkify.fuzz.test.ts` fuzzes for that long (bench/fuzz.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as corpus from './linkify.corpus';
import { linkify, safeHref } from './linkify';

declare const process: { env: Record<string, string | undefined> };

const SECONDS = Number(process.env.LINKIFY_FUZZ_SECONDS ?? 0);
// 20,000 characters (twice a message's limit) in a quarter of a second: linear code takes a few ms, the
// quadratic trimming this replaced took 0.7 s to 22 s.
const BUDGET_MS = 250;
const LONG = 20_000;

const TOKENS = ['http://', 'https://', 'HTTPS://', 'hTtP://', 'mailto:', 'MAILTO:', 'javascript:', 'data:', 'vbscript:',
  'a.example', 'x@y.example', '@', '(', ')', '((', '))', '.', ',', '!', '?', ';', ':', '*', '_', '~', ' ', '\n', '\t',
  '\u00a0', '\u2028', '/', '//', '\\', '?q=', '#', '%', '%40', '%0A', '%ZZ', '[::1]', '[', ']', '{', '}', ':80',
  '\u202e', '\u200b', 'xn--', 'ſ', 'İ', 'K', '’', '”', '"', "'", '`', '<', '>', '&', '0', '\ud800', '😀'];

const text = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ maxLength: 6 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

function check(input: string) {
  const segments = linkify(input);
  expect(segments.map((s) => s.text).join('')).toBe(input);
  for (const segment of segments) {
    expect(segment.text).not.toBe('');
    if (segment.href !== undefined) {
      expect(['http:', 'https:', 'mailto:']).toContain(new URL(segment.href).protocol);
      expect(segment.href).toMatch(/^(https?:\/\/|mailto:)/);
      expect(safeHref(segment.text)).toBe(segment.href);
    }
  }
}

/** A prefix, a middle repeated to 20,000 characters and a suffix: the shape of superlinear inputs. */
function checkLinear([prefix, pump, suffix]: [string, string, string]) {
  if (pump.length == 0) return;
  const long = prefix + pump.repeat(Math.ceil(LONG / pump.length)) + suffix;
  const start = performance.now();
  linkify(long);
  expect(performance.now() - start).toBeLessThan(BUDGET_MS);
}

function fuzz<T extends unknown[]>(property: fc.IProperty<T>, runs: number, seconds: number) {
  const details = fc.check(property, seconds > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false }
    : { numRuns: runs });
  if (seconds > 0) console.log(`linkify fuzz: ${details.numRuns} runs in ${seconds} s, ${details.failed ? 'FAILED' : 'no finding'}`);
  if (details.failed) {
    throw new Error(`counterexample ${JSON.stringify(details.counterexample)} (keep it in linkify.corpus.ts): ${String(details.errorInstance)}`);
  }
}

describe('linkify fuzzing', () => {
  it('keeps its properties on the kept inputs', () => {
    for (const input of corpus.inputs) check(input);
    for (const parts of corpus.repeated) {
      const start = performance.now();
      check(parts.map(([piece, times]) => piece.repeat(times)).join(''));
      expect(performance.now() - start).toBeLessThan(BUDGET_MS);
    }
  });

  it('joins back into its input and links only http, https and mailto', () => {
    fuzz(fc.property(text, (input) => check(input)), 500, SECONDS);
  }, (SECONDS + 60) * 1000);

  it('stays about linear', () => {
    fuzz(fc.property(fc.tuple(text, text, text), (parts) => checkLinear(parts)), 20, SECONDS / 4);
  }, (SECONDS + 60) * 1000);
});
