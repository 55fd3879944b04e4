import pytest
from markdown_it import MarkdownIt

from geo.text import neutralise, one_line, plain_markdown, restore_neutralised

md = MarkdownIt("commonmark", {"html": True})


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        "**bold** _it_ `code` [link](http://x) ![img](http://x)",
        "# heading\n- list\n1. item",
        "${alert(1)} $x^2$ :red[alarm] :material/home:",
        "a\\b | c",
        "plain words",
    ],
)
def test_plain_markdown_shows_text_exactly_as_typed(typed):
    rendered = md.render(plain_markdown(typed))
    assert "<script" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    assert "<h1>" not in rendered and "<li>" not in rendered and "<code>" not in rendered
    # what a reader sees is the typed text, line breaks folded to spaces
    from html import unescape
    import re

    visible = unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
    assert visible == " ".join(typed.replace("\n", " ").split(" ")).strip()


def test_one_line_folds_and_cuts():
    assert one_line("a\n  b", 10) == "a b"
    assert one_line("x" * 20, 5) == "xxxx\u2026"


@pytest.mark.parametrize("typed", ["=1+1", "+44 20", "-x", "@SUM(A1)", "'=1+1", "''-x", "'quoted'", "plain", "a=b", ""])
def test_a_neutralised_cell_reads_back_as_typed(typed):
    written = neutralise(typed)
    assert not written.startswith(("=", "+", "-", "@"))
    assert restore_neutralised(written) == typed


def test_an_apostrophe_before_plain_words_is_kept():
    assert neutralise("'quoted'") == "'quoted'" and restore_neutralised("'quoted'") == "'quoted'"
