"""The Qt-free application layer: what the window shows and the CLI scripts, without Qt."""
