//! How a run of `kehoach` ends: every exit code, in one table.
//!
//! | code | every command                 | `kehoach diff` (as `diff` does) |
//! |------|-------------------------------|---------------------------------|
//! | 0    | done                          | the two versions are the same   |
//! | 1    | a plan has errors             | the two versions differ         |
//! | 2    | wrong usage                   | could not compare               |
//! | 3    | could not render or write     | —                               |

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Done,
    /// A plan has errors: nothing made from it.
    Invalid,
    /// The command was called wrongly (an argument, a folder, a port).
    Usage,
    /// A valid plan could not be rendered, or its files not written.
    Write,
    /// `diff`: the versions differ.
    Differ,
    /// `diff`: a version could not be read or is not a valid plan.
    CannotCompare,
}

impl Exit {
    /// The exit code.
    pub const fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::Invalid | Exit::Differ => 1,
            Exit::Usage | Exit::CannotCompare => 2,
            Exit::Write => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
