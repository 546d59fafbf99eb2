//! The app as `haru-api`'s host: each event becomes the window event of the same name, with
//! the event as its payload (`ui/src/lib/api.ts` listens for them).

use std::sync::Arc;

use haru_api::host::{Event, Host};
use tauri::{AppHandle, Emitter};

pub struct WindowHost(pub AppHandle);

impl Host for WindowHost {
    fn emit(&self, event: Event) {
        let _ = self.0.emit(event.name(), &event);
    }
}

/// The window of `app` as a shareable host (for work that outlives the command).
pub fn window_host(app: &AppHandle) -> Arc<dyn Host> {
    Arc::new(WindowHost(app.clone()))
}
