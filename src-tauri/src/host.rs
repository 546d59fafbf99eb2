//! The app as `haru-api`'s host: each event becomes the window event of the same name, with
//! the event as its payload (`ui/src/lib/api.ts` listens for them).

use haru_api::host::{Event, Host};
use tauri::{AppHandle, Emitter};

pub struct WindowHost(pub AppHandle);

impl Host for WindowHost {
    fn emit(&self, event: Event) {
        let _ = self.0.emit(event.name(), &event);
    }
}
