//! Windows: the console's code page, who else is on the console, its
//! control events, and the shell's idea of the default browser.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use windows_sys::Win32::Foundation::TRUE;
use windows_sys::Win32::System::Com::{
    COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE, CoInitializeEx, CoUninitialize,
};
use windows_sys::Win32::System::Console::{
    CTRL_BREAK_EVENT, CTRL_C_EVENT, GetConsoleOutputCP, GetConsoleProcessList,
    SetConsoleCtrlHandler, SetConsoleOutputCP,
};
use windows_sys::Win32::UI::Shell::ShellExecuteW;
use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
use windows_sys::core::BOOL;

const CP_UTF8: u32 = 65001;

pub struct Utf8Console {
    /// The code page found at start; 0 when there is no console.
    previous: u32,
}

impl Utf8Console {
    /// Text written to the console goes through `WriteConsoleW` already;
    /// the code page is what the console (and a program reading our
    /// redirected output through it, as `more` does) takes bytes to mean.
    pub fn enter() -> Self {
        // SAFETY: plain calls without pointers; both fail harmlessly (0)
        // when the process has no console.
        let previous = unsafe { GetConsoleOutputCP() };
        if previous != 0 && previous != CP_UTF8 {
            unsafe { SetConsoleOutputCP(CP_UTF8) };
        }
        Utf8Console { previous }
    }
}

impl Drop for Utf8Console {
    fn drop(&mut self) {
        // The console outlives us when cmd.exe or PowerShell started us:
        // leave it as it was.
        if self.previous != 0 && self.previous != CP_UTF8 {
            // SAFETY: as in `enter`.
            unsafe { SetConsoleOutputCP(self.previous) };
        }
    }
}

/// Explorer gives a console program a console of its own, so the process
/// is alone on it; started from cmd.exe or PowerShell, the shell is on it
/// too; with its output redirected and no console, the count is 0.
pub fn console_is_ours() -> bool {
    let mut ids = [0u32; 2];
    // SAFETY: the buffer holds the two ids the call is told it may write.
    let count = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    count == 1
}

pub fn open_browser(url: &str) {
    let url: Vec<u16> = url.encode_utf16().chain([0]).collect();
    // The shell may hand the address to a handler that runs through COM:
    // Microsoft asks for COM on the calling thread, so the call gets a
    // short-lived thread of its own.
    let opened = std::thread::spawn(move || {
        // SAFETY: `url` is NUL-terminated UTF-16 that outlives the call;
        // the other pointers may be null.
        unsafe {
            let com = CoInitializeEx(
                std::ptr::null(),
                (COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE) as u32,
            );
            ShellExecuteW(
                std::ptr::null_mut(),
                windows_sys::w!("open"),
                url.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                SW_SHOWNORMAL,
            );
            if com >= 0 {
                CoUninitialize();
            }
        }
    });
    let _ = opened.join();
}

static STOP: AtomicBool = AtomicBool::new(false);

/// Runs on a thread Windows starts for the event.
unsafe extern "system" fn on_console_event(event: u32) -> BOOL {
    STOP.store(true, Ordering::SeqCst);
    if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
        // Closing the window, logging off, shutting down: Windows ends the
        // process as soon as this returns. Waiting here gives the preview
        // the moment it needs to finish a save; the process then exits
        // from `main`, which ends this thread too. Windows allows 5 s.
        std::thread::sleep(Duration::from_secs(4));
    }
    TRUE
}

pub fn install_stop() {
    // SAFETY: the handler is a plain function that lives for the whole
    // program; it only touches an atomic and sleeps.
    unsafe { SetConsoleCtrlHandler(Some(on_console_event), TRUE) };
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}
