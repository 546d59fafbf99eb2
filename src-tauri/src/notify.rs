//! Shows the daily reminder (`haru_api::reminder` decides when): straight to the desktop's
//! notification service over D-Bus (`org.freedesktop.Notifications`, through the GIO that GTK
//! already links), the service `tauri-plugin-notification` would reach through `zbus`, without
//! a second D-Bus stack in the app.

/// Shows a desktop notification (`org.freedesktop.Notifications.Notify` on the session bus).
#[cfg(target_os = "linux")]
pub fn notify(title: &str, body: &str) -> Result<(), String> {
    use gtk::{gio, glib, glib::ToVariant};
    let bus = gio::bus_get_sync(gio::BusType::Session, gio::Cancellable::NONE)
        .map_err(|e| e.to_string())?;
    let hints = glib::VariantDict::new(None).end();
    let params = glib::Variant::tuple_from_iter([
        "Haru".to_variant(),
        0u32.to_variant(),
        "".to_variant(),
        title.to_variant(),
        body.to_variant(),
        Vec::<String>::new().to_variant(),
        hints,
        (-1i32).to_variant(),
    ]);
    bus.call_sync(
        Some("org.freedesktop.Notifications"),
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "Notify",
        Some(&params),
        None,
        gio::DBusCallFlags::NONE,
        5000,
        gio::Cancellable::NONE,
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
}

#[cfg(not(target_os = "linux"))]
pub fn notify(_title: &str, _body: &str) -> Result<(), String> {
    Err("notifications are only shown on Linux for now".into())
}
