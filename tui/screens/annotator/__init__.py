"""The annotator screen, in parts: ``base`` (the article and its spans), ``links`` (k),
``proposals`` (D, a) and ``screen`` (every other key)."""

from tui.screens.annotator.screen import AnnotatorScreen

__all__ = ["AnnotatorScreen"]
