//! The exit codes of `kehoach`.

/// The plan has errors.
pub const EXIT_INVALID: u8 = 1;
/// The command was called wrongly.
pub const EXIT_USAGE: u8 = 2;
/// The output could not be written or rendered.
pub const EXIT_WRITE: u8 = 3;
