"""ReportLab's paragraph markup in the input prints literally and never runs.

ReportLab parses a small markup language (<b>, <font>, <img>, <a>, entities) in
every Paragraph; guidebuilder sets its paragraphs itself and hands ReportLab only
text to show, so none of it is interpreted.
"""

from __future__ import annotations

import pytest

from guidebuilder.inline import smarten

from hostile_helpers import built, make_guide, no_typography_layout, pdf_text, squash, write, yaml_quote


def markup(field: str) -> str:
    return (f'<b>{field}</b> <font color="red" size=40>big</font> <img src="/etc/passwd" width=9/> '
            f'<a href="http://example.com/{field}">link</a> <a name="p1"/> &amp; &lt; &#65; &#x42; &nbsp; '
            f'&bogus; <i>unclosed <u> </para> <br/> <super>s</super> <greek>a</greek> <![CDATA[ ]]> '
            f'<!-- c --> <?pi?> \\n \\" {field}-end')


FIELDS = ("title", "subtitle", "author", "dateline", "source", "introduction", "term", "definition",
          "category", "see", "note_title", "note_text", "prompt", "group", "answer", "label", "text")


def _everywhere(root, make=markup, text_suffix=""):
    m = {field: yaml_quote(make(field)) for field in FIELDS}
    make_guide(
        root,
        text=make("text") + text_suffix + "\n\nThe second paragraph.\n",
        guide=f"title: {m['title']}\nsubtitle: {m['subtitle']}\nauthor: {m['author']}\n"
              f"dateline: {m['dateline']}\nsource: {m['source']}\nintroduction: {m['introduction']}\n"
              "text: t.txt\n",
        # Forms are what is looked for in the text, and are kept short (a limit); the terms are not.
        glossary=f"- term: {m['term']}\n  definition: {m['definition']}\n  category: {m['category']}\n"
                 f"  forms: [paragraph]\n  see: [{m['see']}]\n"
                 f"- term: {m['see']}\n  forms: [second]\n  definition: the other entry\n",
        notes=f"- paragraph: 1\n  title: {m['note_title']}\n  text: {m['note_text']}\n",
        questions=f"- prompt: {m['prompt']}\n  group: {m['group']}\n  answer: {m['answer']}\n  refs: [1]\n",
        # Label and event print side by side, so their lines interleave in the text layer:
        # test_timeline_columns checks each with a short neighbour.
        timeline=f"- date: 1917-10-24\n  label: {m['label']}\n  event: e\n",
    )


def _flat(text: str) -> str:
    """Without white space, and without hyphens: a line may break after one, and the
    text extraction then joins the two lines without it."""
    return squash(text)


def test_markup_in_every_field_prints_character_for_character(tmp_path):
    _everywhere(tmp_path)
    layout = no_typography_layout(tmp_path)
    # Notes at the end: a page-foot note would sit, in reading order, inside an entry
    # that a page break splits around it.
    text = _flat(pdf_text(built(tmp_path, "-l", str(layout.name), "--set", "notes.placement=end")))
    for field in FIELDS:
        assert _flat(markup(field)) in text, field


@pytest.mark.parametrize("long", ["label", "event"])
def test_timeline_columns(tmp_path, long):
    other = "label" if long == "event" else "event"
    make_guide(tmp_path, timeline=f"- date: 1917\n  {long}: {yaml_quote(markup(long))}\n  {other}: x\n")
    layout = no_typography_layout(tmp_path)
    assert _flat(markup(long)) in _flat(pdf_text(built(tmp_path, "-l", str(layout.name))))


def test_markup_with_typographic_quotes_in_the_handout(tmp_path):
    _everywhere(tmp_path)
    text = _flat(pdf_text(built(tmp_path)))
    for field in ("title", "text", "definition", "note_text", "prompt", "label"):
        assert _flat(smarten(markup(field))) in text, field


def test_layout_header_and_footer_text_is_literal(tmp_path):
    make_guide(tmp_path)
    write(tmp_path / "odd.yaml", "extends: handout\n"
                                 "header: '<b>bold</b> &amp; <font color=\"red\">{page}</font>'\n"
                                 "footer: '<img src=\"/etc/passwd\"/>|{title}'\n")
    text = _flat(pdf_text(built(tmp_path, "-l", "odd.yaml")))
    assert _flat(smarten('<b>bold</b> &amp; <font color="red">1</font>')) in text
    assert _flat(smarten('<img src="/etc/passwd"/>')) in text


def _cve(sentinel) -> str:
    """The shape of CVE-2023-33733: code in a <font color=…> attribute, which ReportLab
    up to 3.6.12 evaluated in an escapable sandbox."""
    return ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch " + str(sentinel)
            + "') for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
            "'__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
            "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, "
            "'__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] ] "
            "and 'red'\">exploit</font></para>")


def test_cve_2023_33733_in_every_field_never_runs(tmp_path):
    sentinel = tmp_path / "pwned-sentinel"
    _everywhere(tmp_path, make=lambda field: _cve(sentinel) + " " + field)
    layout = no_typography_layout(tmp_path)
    text = _flat(pdf_text(built(tmp_path, "-l", str(layout.name))))
    assert not sentinel.exists()
    assert _flat(_cve(sentinel) + " text") in text  # printed, not interpreted


def test_reportlab_itself_does_not_evaluate_colour_attributes(tmp_path):
    """The second line of defence (and why reportlab>=5.1 is required): even markup that
    did reach ReportLab's parser would not run."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    sentinel = tmp_path / "pwned-by-reportlab"
    try:
        SimpleDocTemplate(str(tmp_path / "x.pdf")).build(
            [Paragraph(_cve(sentinel), getSampleStyleSheet()["Normal"])])
    except Exception:
        pass  # refusing the colour is fine; running it is not
    assert not sentinel.exists()


@pytest.mark.parametrize("source, printed", [
    ("*<i>a</i>*", "<i>a</i>"),
    ("**&amp;**", "&amp;"),
    ("<b>*x*</b>", "<b>x</b>"),
    ("5 * 3 * 2 < 31", "5 * 3 * 2 < 31"),
    ("***<u>***", "<u>"),
    ("* <u> *", "* <u> *"),
])
def test_inline_markup_around_reportlab_markup(tmp_path, source, printed):
    make_guide(tmp_path, text=source + "\n")
    layout = no_typography_layout(tmp_path)
    assert _flat(printed) in _flat(pdf_text(built(tmp_path, "-l", str(layout.name))))
