"""Study cards as a real PDF: rendered back to pixels, every QR code decodes to its number."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from seniorlearn.core.models import Learner
from seniorlearn.ui.render.cards import write_cards


def _pages(path: Path) -> list:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    images = []
    for page in range(document.pageCount()):
        rendered = document.render(page, QSize(1654, 2339))  # transparent where nothing is
        paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        painter = QPainter(paper)
        painter.drawImage(0, 0, rendered)
        painter.end()
        images.append(paper.convertToFormat(QImage.Format.Format_Grayscale8))
    document.close()
    return images


def test_every_card_carries_a_qr_code_of_its_number(tmp_path: Path, qapp) -> None:
    learners = [Learner(f"2026{n:04d}", name) for n, name in
                enumerate(["王秀英", "欧阳建国", "Elizabeth Montgomery-Smith"] * 4, start=1)]
    out = tmp_path / "cards.pdf"
    assert write_cards(learners, out, "幸福社区学习点") == 2
    assert out.read_bytes().startswith(b"%PDF")
    found = []
    for image in _pages(out):
        found += [code.text for code in zxingcpp.read_barcodes(image)
                  if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert sorted(found) == sorted(learner.number for learner in learners)


def test_one_card_is_one_page(tmp_path: Path, qapp) -> None:
    out = tmp_path / "one.pdf"
    assert write_cards([Learner("A-17", "王秀英")], out) == 1
    [image] = _pages(out)
    assert [c.text for c in zxingcpp.read_barcodes(image)] == ["A-17"]
