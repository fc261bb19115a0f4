//! Writing to stdout and files, treating a closed pipe as a normal end.

use std::io::Write;

pub fn write_stdout(text: &str) -> Result<(), super::Failure> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(text.as_bytes())
        .and_then(|()| lock.flush())
        .map_err(|error| super::Failure::output(&error))
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
        Err(error) => Err(super::Failure::output(&error)),
    }
}

/// Whether coloured output should be produced at all. `auto` asks anstream, the same judge
/// [`write_styled`] uses to strip colour (a terminal, `NO_COLOR`, `CLICOLOR`,
/// `CLICOLOR_FORCE`, `TERM=dumb`), so the two never disagree.
pub fn wants_color(color: super::ColorChoice) -> bool {
    match color {
        super::ColorChoice::Always => true,
        super::ColorChoice::Never => false,
        super::ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}
