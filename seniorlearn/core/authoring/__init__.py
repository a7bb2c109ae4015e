"""Lesson authoring without Qt: script parsing and checks, timing, subtitles, the manifest
entries and the ffmpeg command line. ``seniorlearn.authoring_build`` wires it to the slide
renderer (``seniorlearn.ui.render``), the espeak voice and ffmpeg."""
