//! The `gongkai` binary: parses the command line and hands over to [`gongkai_cli::run`].

fn main() -> std::process::ExitCode {
    gongkai_cli::run()
}
