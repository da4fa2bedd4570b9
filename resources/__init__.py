"""Data files shipped with nnviz (icons, the built-in digit model, translations)."""
