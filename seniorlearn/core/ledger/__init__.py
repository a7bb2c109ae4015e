"""Study-time accounting: what counts as studied, when a lesson is learned, what a 学时 is."""
