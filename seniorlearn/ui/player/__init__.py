"""The lesson player's Qt side: the video surface, the subtitle box, the Qt Multimedia
backend and the choice between it and python-vlc."""
