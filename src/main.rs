//! The `kehoach` binary: the command line host over the library (`cli`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
