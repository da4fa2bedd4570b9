"""The Qt-free application layer: run configs, session files, tutorials, the training engine
and the application model the window draws (see STYLE.md: dataset → network → trainer →
snapshot → application model → views)."""
