//! Topic clustering on text the project writes.
