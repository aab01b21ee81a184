//! The model: vocabularies, organisations, notices, services, parties, flows and retention
//! rules, each with provenance; loaded from TOML datasets.
