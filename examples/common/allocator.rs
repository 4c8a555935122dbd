//! The binary's allocator (see `src/main.rs`), so that what a benchmark
//! measures in process is what the `cablegram` binary does.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
