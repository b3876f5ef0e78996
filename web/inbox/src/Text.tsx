import { linkify } from '../../shared/linkify';

/** Visitor-provided text: rendered as text nodes; only http, https and mailto become links. */
export function Text({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((s, i) =>
        s.href ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow">
            {s.text}
          </a>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/** A visitor-provided URL: a link only when http(s), else plain text. */
export function UrlText({ url, label }: { url: string; label?: string }) {
  const seg = linkify(url);
  if (seg.length == 1 && seg[0].href && seg[0].text == url && !url.startsWith('mailto:')) {
    return (
      <a href={seg[0].href} target="_blank" rel="noopener noreferrer nofollow" title={url}>
        {label ?? url}
      </a>
    );
  }
  return <span title={url}>{label ?? url}</span>;
}
