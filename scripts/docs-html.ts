// Shared pieces of the static documentation pages: escaping, inline Markdown-ish text, the page shell.
// Pages are self-contained (inline CSS, no script, no CDN) so they open from disk or GitHub Pages.

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Doc-comment text to HTML: paragraphs, `code`, **bold**, {@link Name} to an in-page anchor. */
export function renderDocText(text: string): string {
  if (!text.trim()) return '';
  return text
    .split(/\n\s*\n/)
    .map((para) => {
      const html = escapeHtml(para.trim())
        .replace(
          /\{@link\s+([\w$.]+)\s*\}/g,
          (_, name: string) => `<a href="#${anchor(name)}"><code>${name}</code></a>`,
        )
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/^@(\w+)/gm, '<span class="tag">@$1</span>');
      return `<p>${html}</p>`;
    })
    .join('\n');
}

/** A stable fragment id for a name or a path. */
export function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_$-]+/g, '-').replace(/^-+|-+$/g, '');
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-code: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, "DejaVu Sans", sans-serif; color: var(--fg); display: grid;
  grid-template-columns: 240px minmax(0, 1fr); min-height: 100vh; }
nav { border-right: 1px solid var(--line); padding: 16px; position: sticky; top: 0; height: 100vh; overflow: auto;
  font-size: 13px; background: #fbfcfd; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 16px 0 4px; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav a { color: var(--fg); text-decoration: none; display: block; padding: 1px 0; }
nav a:hover { color: var(--accent); }
main { padding: 24px 40px; max-width: 1040px; min-width: 0; }
h1 { margin-top: 0; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 40px; }
section.item { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
section.item h3 { margin: 0 0 6px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 16px; }
.kind, .method { display: inline-block; font: 600 11px/1 system-ui, sans-serif; text-transform: uppercase;
  padding: 3px 6px; border-radius: 4px; background: #ddf4ff; color: #0550ae; margin-right: 8px; vertical-align: 2px; }
.method.post { background: #dafbe1; color: #116329; } .method.get { background: #ddf4ff; color: #0550ae; }
.src, .muted { color: var(--muted); font-size: 13px; }
pre { background: var(--bg-code); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow: auto;
  font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 90%; background: var(--bg-code);
  padding: 1px 4px; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-code); }
.tag { color: var(--muted); font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); }
`;

/** A whole page: a navigation column and the main content. */
export function page(title: string, nav: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<nav>${nav}</nav>
<main>
${body}
</main>
</body>
</html>
`;
}
