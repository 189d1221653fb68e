//! Pipeline (filled in by the functions issue).
