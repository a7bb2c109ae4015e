"""Reports for the study point, without Qt: periods, the figures, tables and spreadsheets."""
