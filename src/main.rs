//! Mounts the portal into the page; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal::app::App);
    // index.html's frame stood in until now; the app drew the same frame in this same task.
    if let Some(frame) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot-frame")) {
        frame.remove();
    }
}
