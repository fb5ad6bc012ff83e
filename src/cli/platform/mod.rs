//! What differs between Windows and the other systems, for the command-line
//! host only: the console's code page, whether the console window was made
//! for this program (a double-click in Explorer), Ctrl-C and closing that
//! window, and opening the default browser. The library sees none of it:
//! the preview gets the stop and the browser through `preview::Host`.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
use unix as system;
#[cfg(windows)]
use windows as system;

/// UTF-8 console output while it lives (Windows: the console's output code
/// page, put back as it was when it drops); nothing to do elsewhere.
pub use system::Utf8Console;

/// Opens `url` in the user's default browser; a machine without one still
/// has the address the preview printed.
pub use system::open_browser;

/// Ctrl-C (and SIGTERM; on Windows also closing the console window,
/// logging off, shutting down): [`install_stop`] arms it,
/// [`stop_requested`] is what the preview polls.
pub use system::{install_stop, stop_requested};

/// Whether this program is alone on a console made for it: Explorer starts
/// a console program so (a double-click, a file dropped onto kehoach.exe),
/// and the window closes when it exits. Never on other systems.
pub use system::console_is_ours;
