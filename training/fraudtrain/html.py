"""report.html: one self-contained page (inline CSS, figures as data: URIs, no script, no network).

Every section is a <section id=...> with an <h2>; every figure an <img> inside a
<figure data-figure=...>, so a browser test can assert what is there.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fraudtrain import docs

CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;
vertical-align:top;font-size:13px}th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
figure{display:inline-block;margin:.4em}figcaption{font-size:12px;color:#555}.band-moderate{background:#fdebd0}
.band-significant{background:#f5b7b1}.weak{background:#fdebd0}nav a{margin-right:1em}"""


def fmt(v: Any, digits: int = 4) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:.{digits}f}" if abs(v) >= 1e-3 or v == 0 else f"{v:.3g}"
    return escape(str(v))


def table(header: list[str], rows: list[tuple], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        cells = "".join(f'<td class="num">{fmt(c)}</td>' if isinstance(c, (int, float)) and not isinstance(c, bool)
                        else f"<td>{fmt(c)}</td>" for c in row)
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure(key: str, uri: str, caption: str) -> str:
    return (f'<figure data-figure="{escape(key)}"><img alt="{escape(caption)}" src="{uri}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{escape(title)}</h2>{body}</section>'


def blocks(items: list[tuple[str, Any]]) -> str:
    out = []
    for kind, content in items:
        if kind == "p":
            out.append(f"<p>{escape(content)}</p>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in content) + "</ul>")
        else:
            out.append(table(*content))
    return "".join(out)


def page(title: str, subtitle: str, parts: list[tuple[str, str, str]]) -> str:
    nav = "".join(f'<a href="#{sid}">{escape(t)}</a>' for sid, t, _ in parts)
    body = "".join(section(sid, t, b) for sid, t, b in parts)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1><p>{escape(subtitle)}</p>"
            f"<nav>{nav}</nav>{body}</body></html>\n")


def documentation(card: dict[str, Any], v: dict[str, Any]) -> str:
    return "".join(f"<h3>{escape(h)}</h3>{blocks(b)}" for h, b in docs.sections(card, v))
