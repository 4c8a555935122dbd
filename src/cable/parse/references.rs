//! The REF block (owned by the ids/references work).
