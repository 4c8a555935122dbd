//! Reference IDs and station names (owned by the ids/references work).
