"""Pictures the authoring tools draw with Qt: lesson slides and course thumbnails."""
