"""The one table builder of the generated pages: caption, classes, widths and what a cell holds."""

from __future__ import annotations

from docutils import nodes

from careops.site.nodes import table


def _cells(tbl: nodes.table) -> list[list[nodes.entry]]:
    return [list(row.findall(nodes.entry)) for row in tbl.findall(nodes.row)]


def test_table_has_caption_classes_widths_and_a_header_row():
    tbl = table(
        ["A", "B"], [["1", "2"], ["3", "4"]], caption="Totals", classes=["x", "y"], widths=[3, 7]
    )
    assert tbl["classes"] == ["x", "y"]
    assert tbl[0].astext() == "Totals"
    assert [c["colwidth"] for c in tbl.findall(nodes.colspec)] == [3, 7]
    assert [e.astext() for e in _cells(next(tbl.findall(nodes.thead)))[0]] == ["A", "B"]
    body = next(tbl.findall(nodes.tbody))
    assert [[e.astext() for e in row] for row in _cells(body)] == [["1", "2"], ["3", "4"]]


def test_columns_are_equal_and_there_is_no_title_by_default():
    tbl = table(["A", "B", "C"], [])
    assert [c["colwidth"] for c in tbl.findall(nodes.colspec)] == [1, 1, 1]
    assert not list(tbl.findall(nodes.title))
    assert tbl["classes"] == []


def test_block_nodes_go_in_as_they_are_and_inline_ones_into_one_paragraph():
    items = nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text="d")))
    link = nodes.reference(text="paper", refuri="https://example.org")
    paras = [nodes.paragraph(text="meaning"), nodes.paragraph(text="source")]
    row = [items, link, ["see ", link.deepcopy(), "; ", nodes.strong(text="M1")], paras, None]
    (cells,) = _cells(next(table(["a", "b", "c", "d", "e"], [row]).findall(nodes.tbody)))
    assert cells[0].children == [items]
    assert isinstance(cells[1][0], nodes.paragraph) and cells[1][0][0] is link
    assert len(cells[2]) == 1 and cells[2][0].astext() == "see paper; M1"
    assert cells[3].children == paras
    assert isinstance(cells[4][0], nodes.paragraph) and cells[4].astext() == ""
