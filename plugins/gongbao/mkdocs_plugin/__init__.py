"""The MkDocs adapter: turns core findings and pages into MkDocs events."""
