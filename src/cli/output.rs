//! Writing to stdout and files, treating a closed pipe as a normal end.

use std::io::Write;

/// Marker message for a closed stdout; `main` exits 0 on it.
pub const BROKEN_PIPE: &str = "\u{0}broken pipe";

pub fn write_stdout(text: &str) -> Result<(), super::Failure> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|()| lock.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            Err(super::Failure::new(BROKEN_PIPE))
        }
        Err(error) => Err(super::Failure::new(format!("cannot write output: {error}"))),
    }
}

/// Writes styled text to stdout, stripping colour codes when `color` says so.
pub fn write_styled(text: &str, color: super::ColorChoice) -> Result<(), super::Failure> {
    let choice = match color {
        super::ColorChoice::Always => anstream::ColorChoice::Always,
        super::ColorChoice::Never => anstream::ColorChoice::Never,
        super::ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    let mut stream = anstream::AutoStream::new(std::io::stdout(), choice);
    match stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            Err(super::Failure::new(BROKEN_PIPE))
        }
        Err(error) => Err(super::Failure::new(format!("cannot write output: {error}"))),
    }
}

/// Whether coloured output should be produced at all.
pub fn wants_color(color: super::ColorChoice) -> bool {
    match color {
        super::ColorChoice::Always => true,
        super::ColorChoice::Never => false,
        super::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    }
}
