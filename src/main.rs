// mimalloc: parsing thousands of files is allocation-heavy, and glibc's
// malloc/free took a quarter of the time on large trees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keylint::cli::main()
}
