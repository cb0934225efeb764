"""Bodies kept as the cache stored them are found and read as the text they stand for."""

import pickle

from generator.load import Kind, SourceDocument
from generator.stored_text import StoredText, text_of
from generator.yaml_positions import Positions

TEXT = "Xem [bài trước](../2023/bai.md#muc) – đợt thi đua"


def test_a_stored_text_holds_the_parts_its_text_holds():
    stored = StoredText(TEXT.encode("utf-8"))
    assert ".md" in stored and "đợt" in stored and "thi đua" in stored
    assert "md)" not in stored and "dot" not in stored
    assert text_of(stored) == TEXT and text_of(TEXT) == TEXT


def test_a_pickled_document_keeps_its_body_as_bytes():
    document = SourceDocument("content/announcements/2024/x.md", Kind.ANNOUNCEMENT, "x", {},
                              Positions(), body=TEXT)
    back = pickle.loads(pickle.dumps(document))
    assert back.body == StoredText(TEXT.encode("utf-8")) and document.body == TEXT
    assert pickle.loads(pickle.dumps(back)).body == back.body
