"""The domain core: content model, rules, link graph, rendering, PDFs and search. Never imports MkDocs."""
