"""Qt-free application layer: sessions, tutorials, lessons and the training engine."""
