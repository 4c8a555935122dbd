//! Where cables come from (owned by the source/CLI work).
