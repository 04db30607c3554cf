fn main() -> std::process::ExitCode {
    keylint::cli::main()
}
