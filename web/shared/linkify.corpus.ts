/**
 * Kept inputs of the linkify fuzzer (linkify.fuzz.test.ts): tricky cases and every counterexample it found,
 * replayed on each test run. `repeated` lists long inputs as [piece, times] parts.
 */
export const inputs: string[] = [
  "",
  "See https://shop.example/scarves?c=red, or mail mailto:help@shop.example.",
  "(http://a.example/x)",
  "http://en.example/wiki/Scarf_(garment)!",
  "javascript:alert(1)//https://x.example",
  "https://\"onmouseover=\"alert(1)",
  "mailto:javascript:alert(1)",
  "http://",
  "http://[::1]:80/((x)))...",
  "HTTPS://A.EXAMPLE/\u017f",
  "mailto:%40@x.example",
  "mailto:a@b@c.example",
  "http://a.example/\u202e",
  "xhttps://a.example",
];

export const repeated: [string, number][][] = [
  // Found by the fuzzer on the old trimming (a trailing-punctuation regex, a recount per parenthesis): 0.9 s.
  [["http://", 1], [";", 20000], ["\u0000", 1]],
  // The same, written by hand: 3.3 s for these 20,000 characters of parentheses.
  [["http://a", 1], ["(", 10000], [")", 10000], [".", 1]],
  [["http://a", 1], [".", 20000], ["x", 1]],
  [["http://a", 1], [")", 20000], ["x", 1]],
];
