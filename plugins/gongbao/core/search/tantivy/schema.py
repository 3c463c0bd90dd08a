"""The tantivy schema and a record as a tantivy document, its text pre-tokenized by jieba."""

from __future__ import annotations

import datetime

import tantivy

from gongbao.core.model.docnumber import canonical_doc_number, doc_number_key
from gongbao.core.search.analysis import gram_positions, segment
from gongbao.core.search.records import SearchRecord, split_values

__all__ = ["document", "make_schema"]

#: Pre-tokenized fields ignore their tokenizer; ``whitespace`` is named so that nothing can ever
#: fall back to tantivy's ``default`` tokenizer, which mangles Chinese (see :mod:`.backend`).
_TEXT_TOKENIZER = "whitespace"


def make_schema() -> tantivy.Schema:
    """The tantivy schema: the same fields as whoosh's (see docs/search.md)."""
    sb = tantivy.SchemaBuilder()
    # raw: the whole value is one term (exact match, term delete by id, facets).
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("kind", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("doc_number", stored=True, tokenizer_name="raw")
    sb.add_text_field("doc_number_key", tokenizer_name="raw")
    sb.add_text_field("issuer", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("category", stored=True, tokenizer_name="raw")
    sb.add_text_field("validity", stored=True, tokenizer_name="raw")
    sb.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title", stored=True, tokenizer_name=_TEXT_TOKENIZER)
    sb.add_text_field("body", stored=True, tokenizer_name=_TEXT_TOKENIZER)
    # Exact phrases (gongbao.core.search.query.exact): the character pairs of each.
    sb.add_text_field("title_grams", stored=False, tokenizer_name=_TEXT_TOKENIZER)
    sb.add_text_field("body_grams", stored=False, tokenizer_name=_TEXT_TOKENIZER)
    sb.add_date_field("published", stored=True, indexed=True, fast=True)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("page", stored=True)
    sb.add_text_field("issue", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _tokens(text: str, terms: tuple[str, ...]) -> tantivy.PreTokenizedString:
    # Index mode: sub-words share their word's position; stop words are dropped but keep their
    # position (no renumbering), so phrases with a stop word inside stay aligned.
    tokens = [
        tantivy.Token(tok.text, tok.pos, tok.start, tok.end)
        for tok in segment(text, terms, index=True)
        if not tok.stopped
    ]
    return tantivy.PreTokenizedString(text, tokens)


def _grams(text: str) -> tantivy.PreTokenizedString:
    # The pairs at their positions (gram_positions); offsets are not used by any query.
    pairs = sorted((p, g) for g, ps in gram_positions(text).items() for p in ps)
    return tantivy.PreTokenizedString(text, [tantivy.Token(g, p, 0, 0) for p, g in pairs])


def document(record: SearchRecord, terms: tuple[str, ...]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", record.id)
    doc.add_text("kind", record.kind)
    doc.add_text("url", record.url)
    doc.add_pre_tokenized_text("title", _tokens(record.title, terms))
    doc.add_pre_tokenized_text("body", _tokens(record.body, terms))
    doc.add_pre_tokenized_text("title_grams", _grams(record.title))
    doc.add_pre_tokenized_text("body_grams", _grams(record.body))
    if record.issue:
        doc.add_text("issue", record.issue)
    if record.page is not None:
        doc.add_integer("page", record.page)
    if record.doc_number:
        doc.add_text("doc_number", canonical_doc_number(record.doc_number))
        doc.add_text("doc_number_key", doc_number_key(record.doc_number))
    # Joint documents have several issuers; each is one term (and one facet value).
    for issuer in split_values(record.issuer):
        doc.add_text("issuer", issuer)
    for category in split_values(record.category):
        doc.add_text("category", category)
    if record.validity:
        doc.add_text("validity", record.validity)
    if record.published is not None:
        doc.add_date("published", datetime.datetime.combine(record.published, datetime.time()))
        doc.add_integer("year", record.published.year)
    return doc
