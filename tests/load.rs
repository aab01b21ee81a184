//! Loading datasets.
