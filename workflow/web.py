"""The review page: one article in all its languages, sentence by sentence, editable.

A small Flask application with server-rendered pages. The PO files stay the only truth: every
change is written to the catalog at once (atomically, under the project lock, formatted exactly as
``l10n extract`` writes it), and a save is refused only when *that sentence* changed on disk since
the page was loaded (another editor, or a translator's save from Poedit); saves of other sentences of
the same file go through. With JavaScript, saves go over fetch and update the sentence in place, so
text typed elsewhere on the page is never lost.

Safety: it listens on 127.0.0.1 unless told otherwise and will not listen elsewhere without an
access token; every state-changing request needs the page's CSRF token and a same-origin Origin
header; Jinja escapes everything shown; only articles of the project can be named.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import (
    Flask,
    abort,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape

from . import inline
from .check.runner import CatalogInput, GlossaryCheck, Report, run_checks
from .editing import MACHINE_NOTES, apply_action, approve_all, find_unit, reviewer_name, unit_version
from .errors import WorkflowError
from .extract.job import article_splitter
from .extract.template import block_sentences
from .formats.xliff import unit_id
from .model import Catalog, Unit
from .project import Project, catalog_bytes, load_glossary, project_lock, write_atomic
from .review_context import Memory, glossary_terms, search, word_diff
from .stats import project_stats

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def etag(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass
class Cell:
    lang: str
    uid: str | None
    msgstr: str
    state: str
    version: str = ""
    suggestions: list = field(default_factory=list)     # TM matches
    terms: list = field(default_factory=list)           # (term, approved forms)
    changed: Markup | None = None                        # #| previous source → current, marked
    notes: str = ""                                      # the translator's own comments
    provenance: list[str] = field(default_factory=list)
    findings: list = field(default_factory=list)
    target_html: Markup = Markup("")


@dataclass
class Row:
    uid: str
    role: str
    source_html: Markup
    source: str
    cells: list[Cell]

    @property
    def has_draft(self) -> bool:
        return any(c.state == "fuzzy" for c in self.cells)

    @property
    def has_findings(self) -> bool:
        return any(c.findings for c in self.cells)


_CODE_SHOWN = re.compile(r"&lt;/?[a-z]+\d+(?: [a-z-]+=&#34;[^&]*&#34;)*/?&gt;")


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """The text escaped, glossary terms marked, inline codes (``<a1>``) shown as tags."""
    out, position = [], 0
    for start, end, css in sorted(inline.coded_spans(text, spans)):
        if start < position or end <= start:
            continue
        out.append(escape(text[position:start]))
        out.append(Markup('<mark class="term {}">{}</mark>').format(css, text[start:end]))
        position = end
    out.append(escape(text[position:]))
    shown = str(Markup("").join(out))
    return Markup(_CODE_SHOWN.sub(lambda m: f'<span class="code">{m.group(0)}</span>', shown))


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison of what a visitor sent (any characters) with a secret."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


def _hostname(host: str) -> str:
    """The name in a Host header, without its port: 127.0.0.1:8000, [::1]:8000, localhost."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


CSRF_COOKIE = "l10n_browser"


def create_app(project: Project, *, token: str | dict[str, str] | None = None,
               reviewer: str | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"),
                static_folder=str(Path(__file__).parent / "static"))
    app.config["L10N_PROJECT"] = project
    csrf_secret = secrets.token_hex(16)
    # the access tokens (secret → the name its holder approves under), or None: loopback only
    tokens = {token: ""} if isinstance(token, str) else token

    def browser_id() -> str:
        """A random id per browser (an HttpOnly cookie), so each visitor has a CSRF token of
        its own: one leaked form token is worth nothing in another browser."""
        if "browser" not in g:
            given = request.cookies.get(CSRF_COOKIE, "")
            g.browser = given if re.fullmatch(r"[0-9a-f]{32}", given) else secrets.token_hex(16)
            g.new_browser = g.browser != given
        return g.browser

    def csrf_token() -> str:
        return hmac.new(csrf_secret.encode(), browser_id().encode(), "sha256").hexdigest()

    @app.before_request
    def guard():
        if tokens is not None:
            given = request.args.get("token") or request.cookies.get("l10n_token") or \
                request.headers.get("X-L10N-Token")
            holder = next((t for t in tokens if given and _same(given, t)), None)
            if holder is None:
                abort(401)
            g.token_name = tokens[holder]
        elif _hostname(request.host) not in LOOPBACK:
            # Without a token the page serves loopback only: a page on another site that
            # points its own name at 127.0.0.1 (DNS rebinding) sends its own Host and is refused.
            abort(403)
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origin != f"{request.scheme}://{request.host}":
                abort(403)
            if not request.cookies.get(CSRF_COOKIE) or \
                    not _same(request.form.get("csrf", ""), csrf_token()):
                abort(403)

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        given = request.args.get("token")
        if tokens is not None and given and any(_same(given, t) for t in tokens):
            response.set_cookie("l10n_token", given, httponly=True, samesite="Strict")
        if g.get("new_browser"):
            response.set_cookie(CSRF_COOKIE, g.browser, httponly=True, samesite="Strict")
        return response

    @app.get("/")
    def index():
        rows = project_stats(project)
        articles = {a.doc: a for a in project.articles()}
        return render_template("project.html", rows=rows, articles=articles,
                               name=project.config.name)

    def article_or_404(doc: str):
        article = next((a for a in project.articles() if a.doc == doc), None)
        if article is None:
            abort(404)
        return article

    # The glossary and its compiled matchers are kept while the file is unchanged, and a page's
    # check results while its catalogs are: a view re-reads and re-checks only what changed
    # (a 60k-term glossary took 10 s per view when both were rebuilt every time).
    compiled_glossary: dict[tuple[int, int], GlossaryCheck] = {}
    reports: dict[tuple, Report] = {}
    memory = Memory(project)

    def glossary_check() -> tuple[tuple[int, int] | None, GlossaryCheck | None]:
        path = project.root / project.config.glossary
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None, None
        key = (stat.st_mtime_ns, stat.st_size)
        if key not in compiled_glossary:
            compiled_glossary.clear()
            compiled_glossary[key] = GlossaryCheck(load_glossary(project))
        return key, compiled_glossary[key]

    def view(doc: str, *, error: str | None = None, status: int = 200):
        article = article_or_404(doc)
        document = project.read_article(article).document
        split = article_splitter(project, document, project.srx_rules())
        langs = project.targets(document.lang)
        catalogs: dict[str, Catalog] = {}
        etags: dict[str, str] = {}
        inputs = []
        for lang in langs:
            path = project.po_path(doc, lang)
            if path.exists():
                data = path.read_bytes()
                etags[lang] = etag(data)
                catalogs[lang] = project.read_catalog(path)
                inputs.append(CatalogInput(lang, catalogs[lang], document.lang, lang))
        glossary_key, compiled = glossary_check()
        memory.refresh()
        report_key = (doc, glossary_key, tuple(sorted(etags.items())))
        report = reports.get(report_key)
        if report is None:
            report = run_checks(inputs, compiled=compiled,
                                disabled=project.config.disabled_checks)
            reports[report_key] = report
            while len(reports) > 32:
                reports.pop(next(iter(reports)))
        by_unit = {(row.path, row.unit.msgid): row for rows in report.units.values()
                   for row in rows}
        rows, seen = [], set()
        for _block, role, sentences in block_sentences(document, split):
            for msgid in (sentence.msgid for sentence in sentences):
                if msgid in seen:
                    continue
                seen.add(msgid)
                source_spans, cells = [], []
                for lang in langs:
                    unit = catalogs[lang].find(msgid) if lang in catalogs else None
                    checked = by_unit.get((lang, msgid))
                    spans = []
                    if checked is not None:
                        for use in checked.terms:
                            if use.in_source:
                                # the status is per language: the source only marks the term
                                source_spans.append((*use.source_span, "source"))
                            spans += [(a, b, use.status.value) for a, b in use.target_spans]
                    state = unit.state.value if unit is not None else "missing"
                    context = {}
                    if unit is not None:
                        context = dict(
                            suggestions=memory.suggestions(document.lang, lang, msgid, doc,
                                                           unit.msgstr),
                            terms=glossary_terms(msgid, compiled.matcher(document.lang)
                                                 if compiled else None, lang),
                            changed=word_diff(unit.previous_msgid, msgid)
                            if unit.fuzzy and unit.previous_msgid not in (None, msgid) else None,
                            notes="\n".join(c for c in unit.translator_comments
                                            if not c.startswith(MACHINE_NOTES)))
                    cells.append(Cell(**context,
                        lang=lang, uid=unit_id(unit) if unit is not None else None,
                        version=unit_version(unit) if unit is not None else "",
                        msgstr=unit.msgstr if unit is not None else "", state=state,
                        provenance=[c for c in (unit.translator_comments if unit else ())
                                    if c.startswith(MACHINE_NOTES)],
                        findings=checked.findings if checked is not None else [],
                        target_html=_highlight(unit.msgstr, spans) if unit else Markup("")))
                rows.append(Row(uid=unit_id_of(msgid), role=role,
                                source_html=_highlight(msgid, _dedupe(source_spans)),
                                source=msgid, cells=cells))
        shown = request.args.get("filter", "all")
        if shown == "drafts":
            rows = [r for r in rows if r.has_draft]
        elif shown == "findings":
            rows = [r for r in rows if r.has_findings]
        # finer filters: a state, a check code, a severity; and one language in focus
        focus = request.args.get("lang") if request.args.get("lang") in langs else None
        state, code, severity = (request.args.get(k) for k in ("state", "check", "severity"))
        if focus:
            for row in rows:
                row.cells = [c for c in row.cells if c.lang == focus]
            langs = [focus]
        if state or code or severity:
            rows = [r for r in rows if any(
                (not state or c.state == state)
                and (not code or any(f.check == code for f in c.findings))
                and (not severity or any(f.severity == severity for f in c.findings))
                for c in r.cells)]
        response = make_response(render_template(
            "article.html", doc=doc, title=document.title.text if document.title else doc,
            source_lang=document.lang, langs=langs, rows=rows, etags=etags, csrf=csrf_token(),
            error=error, shown=shown, name=project.config.name,
            reviewer=g.get("token_name") or reviewer or "",
            all_langs=project.targets(document.lang), focus=focus),
            status)
        return response

    @app.errorhandler(WorkflowError)
    def broken(exc: WorkflowError):
        """A catalog or source that cannot be read is a page that says which file, which line
        and what to do: the same one-line message as the command line."""
        return render_template("error.html", message=str(exc), name=project.config.name), 500

    @app.get("/article/<doc>")
    def article(doc: str):
        return view(doc)

    @app.get("/search")
    def find():
        query = request.args.get("q", "")
        lang = request.args.get("lang") or None
        hits = search(project, query, lang=lang) if query.strip() else []
        return render_template("search.html", query=query, lang=lang or "", hits=hits,
                               langs=project.config.languages, name=project.config.name)

    @app.post("/article/<doc>/save")
    def save(doc: str):
        article_or_404(doc)
        lang = request.form.get("lang", "")
        if lang not in project.config.languages:
            abort(400)
        path = project.po_path(doc, lang)
        if not path.exists():
            abort(404)
        action = request.form.get("action", "save")
        uid = request.form.get("uid")
        # a named token is who approves, whatever the form says; else the name typed on the page
        by = g.get("token_name") or reviewer_name(request.form.get("by"), reviewer or "editor")
        wants_json = "application/json" in request.headers.get("Accept", "")
        refused, current, result = None, None, {}
        try:
            with project_lock(project.root, wait=5):
                catalog = project.read_catalog(path)
                if action == "approve-all":
                    if etag(path.read_bytes()) != request.form.get("etag"):
                        refused = (f"{project.rel(path)} changed on disk since this page was "
                                   "loaded: nothing was approved. Reload the page and look again.")
                    else:
                        updated, approved, skipped = approve_all(
                            catalog, by, lang, compiled=glossary_check()[1],
                            disabled=project.config.disabled_checks)
                        result = {"approved": approved, "skipped": skipped}
                        write_atomic(path, catalog_bytes(updated, project.rel(path)))
                else:
                    unit = find_unit(catalog, uid)
                    if unit is None:
                        refused = ("this sentence is no longer in the catalog (the source changed "
                                   "and extract ran): nothing was written")
                    elif unit_version(unit) != request.form.get("version"):
                        refused = ("this sentence was changed on disk since this page was loaded "
                                   "(another editor, or a save from Poedit): nothing was written. "
                                   "Your text is kept; the version on disk is shown beside it.")
                        current = unit.msgstr
                    else:
                        updated = apply_action(catalog, uid, action,
                                               request.form.get("msgstr"), by,
                                               comments=request.form.get("comments"))
                        if updated is None:
                            abort(404)
                        write_atomic(path, catalog_bytes(updated, project.rel(path)))
                        saved = find_unit(updated, uid)
                        assert saved is not None
                        result = {"state": saved.state.value, "msgstr": saved.msgstr,
                                  "version": unit_version(saved),
                                  "provenance": [c for c in saved.translator_comments
                                                 if c.startswith(MACHINE_NOTES)]}
        except WorkflowError as exc:
            refused = str(exc)
        if wants_json:
            if refused is not None:
                return jsonify(ok=False, error=refused, current=current), 409
            return jsonify(ok=True, **result)
        if refused is not None:     # rendered after the lock is released: other saves go on
            return view(doc, status=409, error=refused)
        return redirect(url_for("article", doc=doc, filter=request.form.get("filter", "all"))
                        + (f"#u-{uid}" if uid else ""), code=303)

    return app


def unit_id_of(msgid: str) -> str:

    return unit_id(Unit(msgid=msgid))


def _dedupe(spans):
    return sorted(set(spans))


def serve(project: Project, *, host: str, port: int, token: str | dict[str, str] | None,
          reviewer: str | None = None) -> None:
    if host not in LOOPBACK and not token:
        raise WorkflowError(f"refusing to listen on {host} without an access token",
                            fix="pass --token SECRET (or L10N_SERVE_TOKEN), or keep the default "
                            "--host 127.0.0.1")
    from werkzeug.serving import make_server

    app = create_app(project, token=token, reviewer=reviewer)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise WorkflowError(f"cannot listen on {host}:{port}: {exc.strerror}",
                            fix="choose another --port") from None
    print(f"review page: http://{host}:{server.server_port}/"
          + (f"?token={token}" if isinstance(token, str) else
             " (open it with ?token=YOUR_TOKEN)" if token else ""), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


