//! The `aims` command line. Parsing, rendering and exit codes live in `cli/`; everything else is
//! the library's.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
