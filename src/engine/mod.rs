//! The engine: executes a [`Plan`](crate::query::Plan) against a model and returns tables.
//!
//! [`row::ModelView`] is the only way evaluation reads the model: rows of each entity and the
//! values of their fields. [`eval`] scans rows and tests each condition (the reference
//! evaluator); [`path`] walks the entity graph for `path` and `reachable`.

mod compare_retention;
pub mod eval;
pub mod index;
pub mod indexed;
pub mod path;
pub mod row;
pub mod value;

pub use eval::{Engine, EvalError, execute, execute_with};
