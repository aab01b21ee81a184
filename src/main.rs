//! The `basis` command line: parse arguments, run, exit 0 (ok), 1 (data or query error) or
//! 2 (usage).

fn main() -> std::process::ExitCode {
    basis::cli::main()
}
