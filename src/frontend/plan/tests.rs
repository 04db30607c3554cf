//! Tests of the plan front-end.
