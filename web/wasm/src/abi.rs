//! The module's exports and its one import, as plain WebAssembly functions
//! (numbers and linear-memory addresses only), for `web/wasm/callsim_web.js`,
//! the page's hand-written glue. No bindings generator is involved, so the
//! playground builds with cargo alone.
//!
//! The protocol:
//!
//! - **Text in**: the glue asks [`callsim_alloc`] for `len` bytes, writes the
//!   UTF-8 text there and passes `(address, len)`; the export takes the bytes
//!   over and frees them, whatever it returns.
//! - **Text out**: an export that produces text leaves it in one buffer owned
//!   by this module, read through [`callsim_out_ptr`] and [`callsim_out_len`]
//!   before the next call (the glue copies it out at once).
//! - **Status**: exports returning `i32` return 0 when the text out is the
//!   answer and 1 when it is a refusal (`{"problems": [...]}`), which the
//!   glue throws as a string, as the page expects.
//! - **Sessions** are addresses of boxed [`Session`]s, from
//!   [`callsim_session_new`] to [`callsim_session_free`]; 0 is none. The
//!   glue never uses one after freeing it.
//! - **Progress**: [`callsim_compare`] calls the imported
//!   `env.callsim_progress(done)` after each replication.
//!
//! The memory may grow during any call, so the glue takes a fresh view of
//! it after each one.

use crate::{Refused, Session};
use std::alloc::Layout;
use std::cell::RefCell;

thread_local! {
    /// The text the last export produced.
    static OUT: RefCell<String> = const { RefCell::new(String::new()) };
}

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// The page's progress callback of the comparison running (replications
    /// finished so far).
    safe fn callsim_progress(done: u32);
}

/// Status of an answer in the text out.
const ANSWER: i32 = 0;
/// Status of a refusal in the text out.
const REFUSED: i32 = 1;

/// Leaves `text` as the text out.
fn put(text: String) {
    OUT.with(|out| *out.borrow_mut() = text);
}

/// Leaves an answer or a refusal as the text out, and says which.
fn answer(result: Result<String, Refused>) -> i32 {
    match result {
        Ok(text) => {
            put(text);
            ANSWER
        }
        Err(Refused(text)) => {
            put(text);
            REFUSED
        }
    }
}

/// The layout of `len` bytes of text (at least one byte: the allocator
/// takes no zero-size requests).
fn layout(len: usize) -> Option<Layout> {
    Layout::array::<u8>(len.max(1)).ok()
}

/// `len` bytes for text the glue passes in (0 when memory is exhausted).
#[unsafe(no_mangle)]
pub extern "C" fn callsim_alloc(len: usize) -> *mut u8 {
    match layout(len) {
        // SAFETY: the layout has a non-zero size.
        Some(l) => unsafe { std::alloc::alloc(l) },
        None => std::ptr::null_mut(),
    }
}

/// Frees `len` bytes at `ptr` from [`callsim_alloc`] (for text the glue
/// allocated and then did not pass).
///
/// # Safety
/// `ptr` must come from `callsim_alloc(len)` and not have been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_free(ptr: *mut u8, len: usize) {
    if let (false, Some(l)) = (ptr.is_null(), layout(len)) {
        // SAFETY: by the caller's contract, allocated with this layout.
        unsafe { std::alloc::dealloc(ptr, l) }
    }
}

/// Takes over the text at `(ptr, len)` from the glue: its contents (invalid
/// UTF-8 replaced, which `TextEncoder` never writes), and frees the bytes.
///
/// # Safety
/// As [`callsim_free`], with `len` bytes written.
unsafe fn take(ptr: *mut u8, len: usize) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: by the caller's contract, `len` initialised bytes at `ptr`.
    let text = String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(ptr, len) }).into_owned();
    // SAFETY: as above; freed once, here.
    unsafe { callsim_free(ptr, len) };
    text
}

/// Address of the text out.
#[unsafe(no_mangle)]
pub extern "C" fn callsim_out_ptr() -> *const u8 {
    OUT.with(|out| out.borrow().as_ptr())
}

/// Length in bytes of the text out.
#[unsafe(no_mangle)]
pub extern "C" fn callsim_out_len() -> usize {
    OUT.with(|out| out.borrow().len())
}

/// [`crate::bundled`] as the text out.
#[unsafe(no_mangle)]
pub extern "C" fn callsim_bundled() {
    put(crate::bundled());
}

/// [`crate::validate`] of the text at `(text, text_len)` named by the text
/// at `(file, file_len)`, as the text out.
///
/// # Safety
/// Both texts as for [`callsim_free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_validate(text: *mut u8, text_len: usize, file: *mut u8, file_len: usize) {
    // SAFETY: passed on from the caller.
    let (text, file) = unsafe { (take(text, text_len), take(file, file_len)) };
    put(crate::validate(&text, &file));
}

/// A new [`Session`] of the scenario text named `file`; 0 with its refusal
/// as the text out when the scenario is refused.
///
/// # Safety
/// Both texts as for [`callsim_free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_new(
    text: *mut u8,
    text_len: usize,
    file: *mut u8,
    file_len: usize,
) -> *mut Session {
    // SAFETY: passed on from the caller.
    let (text, file) = unsafe { (take(text, text_len), take(file, file_len)) };
    match Session::new(&text, &file) {
        Ok(session) => Box::into_raw(Box::new(session)),
        Err(Refused(text)) => {
            put(text);
            std::ptr::null_mut()
        }
    }
}

/// The session at `session`.
///
/// # Safety
/// `session` from [`callsim_session_new`], not null, not freed.
unsafe fn session<'a>(session: *mut Session) -> &'a mut Session {
    // SAFETY: by the caller's contract.
    unsafe { &mut *session }
}

/// [`Session::total`].
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_total(s: *mut Session) -> u32 {
    // SAFETY: passed on from the caller.
    unsafe { session(s) }.total()
}

/// [`Session::done`].
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_done(s: *mut Session) -> u32 {
    // SAFETY: passed on from the caller.
    unsafe { session(s) }.done()
}

/// [`Session::step`]: the events of the replication run (0 when all have),
/// or -1 with the refusal as the text out.
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_step(s: *mut Session) -> f64 {
    // SAFETY: passed on from the caller.
    match unsafe { session(s) }.step() {
        Ok(events) => events,
        Err(Refused(text)) => {
            put(text);
            -1.0
        }
    }
}

/// [`Session::json`] as the text out, with its status.
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_json(s: *mut Session) -> i32 {
    // SAFETY: passed on from the caller.
    answer(unsafe { session(s) }.json())
}

/// [`Session::table`] as the text out, with its status.
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_table(s: *mut Session) -> i32 {
    // SAFETY: passed on from the caller.
    answer(unsafe { session(s) }.table())
}

/// [`Session::html`] as the text out, with its status.
///
/// # Safety
/// As for [`session`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_html(s: *mut Session) -> i32 {
    // SAFETY: passed on from the caller.
    answer(unsafe { session(s) }.html())
}

/// Frees the session at `s` (nothing for 0).
///
/// # Safety
/// `s` from [`callsim_session_new`], not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_session_free(s: *mut Session) {
    if !s.is_null() {
        // SAFETY: by the caller's contract, boxed by `callsim_session_new`.
        drop(unsafe { Box::from_raw(s) });
    }
}

/// [`crate::compare`] of design B `(text_b, file_b)` against the baseline A,
/// reporting progress to `env.callsim_progress`: the text out, with its
/// status.
///
/// # Safety
/// The four texts as for [`callsim_free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn callsim_compare(
    text_a: *mut u8,
    text_a_len: usize,
    file_a: *mut u8,
    file_a_len: usize,
    text_b: *mut u8,
    text_b_len: usize,
    file_b: *mut u8,
    file_b_len: usize,
) -> i32 {
    // SAFETY: passed on from the caller.
    let (text_a, file_a, text_b, file_b) = unsafe {
        (take(text_a, text_a_len), take(file_a, file_a_len), take(text_b, text_b_len), take(file_b, file_b_len))
    };
    answer(crate::compare(&text_a, &file_a, &text_b, &file_b, |done| callsim_progress(done)))
}
