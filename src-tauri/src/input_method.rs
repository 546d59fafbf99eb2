//! The input method GTK will load, and what the window needs with it.
//!
//! What was found: for a Korean, Japanese, Chinese or Thai character-type locale
//! (`LANG`, `LC_CTYPE` or `LC_ALL` = `ko_KR.UTF-8`, …) GTK 3 picks its XIM module when nothing
//! else names an input method (im-xim registers itself for "ko:ja:th:zh"). That module creates
//! an X input context for the web view (`XCreateIC`), and to get an X window id for it it turns
//! the web view's GDK window into a native X child window covering the whole window. WebKitGTK
//! without compositing (which Haru prefers, see `main.rs`) draws the page into the toplevel
//! underneath it, so the window stays an empty background although the page is loaded and
//! works (WebDriver can read and click it). An input-method server is not needed for this and
//! does not help: it happens with Xlib's local input method (`XMODIFIERS=@im=none`) and with
//! ibus answering through XIM (`XMODIFIERS=@im=ibus`); it does not happen when GTK loads the
//! ibus or fcitx module, GTK's simple context, or when WebKit composites.
//!
//! So, before GTK starts, on X11:
//! - nothing names an input method (no `GTK_IM_MODULE`, no `@im=` server in `XMODIFIERS`, no
//!   `gtk-im-module` in GTK's `settings.ini`) and the locale would pick XIM: use GTK's
//!   simple context (the same compose and dead keys, no native window);
//! - a module is named (`GTK_IM_MODULE=ibus`, or `settings.ini`): keep it, and add the
//!   simple context as the last resort GTK takes if that module is not installed (without it,
//!   GTK falls back to XIM for these locales);
//! - XIM is what the person uses (`GTK_IM_MODULE=xim`, or an `@im=` server such as nabi, ibus
//!   or fcitx in `XMODIFIERS` with no module named): keep it, and let WebKit composite so the
//!   page shows.

/// GTK's built-in input context (compose sequences, dead keys, Ctrl+Shift+U).
pub const SIMPLE: &str = "gtk-im-context-simple";
/// The locales GTK's XIM module registers for: it is GTK's default there.
const XIM_LOCALES: [&str; 4] = ["ko", "ja", "th", "zh"];

/// The environment variables that decide GTK's input method, read before GTK starts.
#[derive(Debug, Default, Clone)]
pub struct ImEnv {
    pub gtk_im_module: Option<String>,
    pub xmodifiers: Option<String>,
    pub lc_all: Option<String>,
    pub lc_ctype: Option<String>,
    pub lang: Option<String>,
    pub gdk_backend: Option<String>,
    pub wayland_display: Option<String>,
}

impl ImEnv {
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        ImEnv {
            gtk_im_module: var("GTK_IM_MODULE"),
            xmodifiers: var("XMODIFIERS"),
            lc_all: var("LC_ALL"),
            lc_ctype: var("LC_CTYPE"),
            lang: var("LANG"),
            gdk_backend: var("GDK_BACKEND"),
            wayland_display: var("WAYLAND_DISPLAY"),
        }
    }

    /// The character-type locale, as setlocale(3) resolves it.
    fn ctype_locale(&self) -> Option<&str> {
        self.lc_all
            .as_deref()
            .or(self.lc_ctype.as_deref())
            .or(self.lang.as_deref())
    }

    /// Whether GTK's locale default is its XIM module (ko, ja, th, zh).
    pub fn locale_defaults_to_xim(&self) -> bool {
        let Some(locale) = self.ctype_locale() else {
            return false;
        };
        let language = locale.split(['_', '.', '@']).next().unwrap_or("");
        XIM_LOCALES.contains(&language)
    }

    /// GDK opens Wayland first when it can; XIM exists only on X11.
    fn wayland(&self) -> bool {
        match self
            .gdk_backend
            .as_deref()
            .and_then(|b| b.split(',').map(str::trim).find(|b| !b.is_empty()))
        {
            Some("wayland") => true,
            Some("*") | None => self.wayland_display.is_some(),
            Some(_) => false,
        }
    }

    /// The XIM server `XMODIFIERS` names (`@im=nabi`), if any; `none` and `local` are Xlib's
    /// own compose tables, not a server.
    pub fn xim_server(&self) -> Option<&str> {
        let mods = self.xmodifiers.as_deref()?;
        let name = mods
            .split('@')
            .find_map(|m| m.trim().strip_prefix("im="))?
            .trim();
        (!name.is_empty() && name != "none" && name != "local").then_some(name)
    }
}

/// What to do before GTK starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImPlan {
    /// A new value for `GTK_IM_MODULE` (`None`: leave it as it is).
    pub set_gtk_im_module: Option<String>,
    /// Whether WebKit may draw without compositing. False when GTK may load its XIM module.
    pub software_compositing_ok: bool,
    /// Why, in a few words (printed with `HARU_DEBUG_IM=1`).
    pub reason: &'static str,
}

fn names_xim(list: &str) -> bool {
    list.split(':').any(|m| m.trim() == "xim")
}

/// A module list with the simple context as its last resort (GTK 3 takes the first installed
/// module of a `:`-separated `GTK_IM_MODULE`).
fn with_simple_fallback(list: &str) -> String {
    format!("{}:{SIMPLE}", list.trim().trim_end_matches(':'))
}

/// Decides from the environment; `configured_setting` reads the `gtk-im-module` setting
/// (settings.ini) and is called only when the answer depends on it.
pub fn plan(env: &ImEnv, configured_setting: impl FnOnce() -> Option<String>) -> ImPlan {
    let keep = |reason| ImPlan {
        set_gtk_im_module: None,
        software_compositing_ok: true,
        reason,
    };
    if env.wayland() {
        return keep("wayland: GTK uses the compositor's text input, never XIM");
    }
    if !env.locale_defaults_to_xim() {
        // GTK's last resort here is the simple context: XIM only when named.
        return match &env.gtk_im_module {
            Some(list) if names_xim(list) => xim("GTK_IM_MODULE names xim"),
            _ => keep("this locale does not default to XIM"),
        };
    }
    if let Some(list) = &env.gtk_im_module {
        let first = list
            .split(':')
            .map(str::trim)
            .find(|m| !m.is_empty())
            .unwrap_or("");
        if first == SIMPLE || first == "gtk-im-context-none" {
            return keep("GTK_IM_MODULE names GTK's own context");
        }
        if names_xim(list) {
            return xim("GTK_IM_MODULE names xim");
        }
        return ImPlan {
            set_gtk_im_module: Some(with_simple_fallback(list)),
            software_compositing_ok: true,
            reason:
                "GTK_IM_MODULE names a module: kept, simple context instead of XIM if it is missing",
        };
    }
    match configured_setting() {
        Some(module) if names_xim(&module) => xim("the gtk-im-module setting names xim"),
        Some(module) => ImPlan {
            set_gtk_im_module: Some(with_simple_fallback(&module)),
            software_compositing_ok: true,
            reason: "the gtk-im-module setting names a module: kept, simple context instead of XIM if it is missing",
        },
        None if env.xim_server().is_some() => xim("XMODIFIERS names an XIM server and no module is named"),
        None => ImPlan {
            set_gtk_im_module: Some(SIMPLE.to_string()),
            software_compositing_ok: true,
            reason: "no input method configured: GTK's simple context instead of XIM",
        },
    }
}

fn xim(reason: &'static str) -> ImPlan {
    ImPlan {
        set_gtk_im_module: None,
        software_compositing_ok: false,
        reason,
    }
}

/// Reads the environment and applies the plan. Call before GTK starts and before any thread.
pub fn configure() -> ImPlan {
    if !cfg!(target_os = "linux") {
        return ImPlan {
            set_gtk_im_module: None,
            software_compositing_ok: true,
            reason: "not Linux",
        };
    }
    let env = ImEnv::from_process();
    let plan = plan(&env, configured_setting);
    if let Some(value) = &plan.set_gtk_im_module {
        std::env::set_var("GTK_IM_MODULE", value);
    }
    if std::env::var_os("HARU_DEBUG_IM").is_some() {
        eprintln!("haru-app: input method: {} ({plan:?})", plan.reason);
    }
    plan
}

/// The `gtk-im-module` setting from the user's, then the system's `gtk-3.0/settings.ini`.
/// (A desktop's XSETTINGS daemon can name one too; it is read only through Xlib, which this
/// crate does not call. The desktops that do so usually also set `XMODIFIERS=@im=…`, and then
/// `plan` keeps XIM and compositing, which works with either module.)
fn configured_setting() -> Option<String> {
    let mut dirs = Vec::new();
    match std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        Some(dir) => dirs.push(std::path::PathBuf::from(dir)),
        None => dirs
            .extend(std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".config"))),
    }
    let system = std::env::var("XDG_CONFIG_DIRS")
        .ok()
        .filter(|d| !d.is_empty());
    let system = system.as_deref().unwrap_or("/etc/xdg");
    dirs.extend(
        system
            .split(':')
            .filter(|d| !d.is_empty())
            .map(std::path::PathBuf::from),
    );
    dirs.push("/etc".into());
    dirs.iter().find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("gtk-3.0").join("settings.ini")).ok()?;
        parse_settings_ini(&text)
    })
}

/// `gtk-im-module = NAME` in the `[Settings]` group of a GTK `settings.ini`.
pub fn parse_settings_ini(text: &str) -> Option<String> {
    let mut in_settings = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_settings = line == "[Settings]";
        } else if in_settings {
            if let Some((key, value)) = line.split_once('=') {
                if key.trim() == "gtk-im-module" {
                    let value = value.trim().trim_matches('"').trim();
                    return (!value.is_empty()).then(|| value.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ImEnv {
        let mut e = ImEnv::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "GTK_IM_MODULE" => e.gtk_im_module = v,
                "XMODIFIERS" => e.xmodifiers = v,
                "LC_ALL" => e.lc_all = v,
                "LC_CTYPE" => e.lc_ctype = v,
                "LANG" => e.lang = v,
                "GDK_BACKEND" => e.gdk_backend = v,
                "WAYLAND_DISPLAY" => e.wayland_display = v,
                other => panic!("{other}"),
            }
        }
        e
    }

    fn no_setting() -> Option<String> {
        None
    }

    #[test]
    fn korean_locale_without_an_input_method_uses_the_simple_context() {
        for pairs in [
            &[("LANG", "ko_KR.UTF-8")][..],
            &[("LANG", "en_US.UTF-8"), ("LC_CTYPE", "ko_KR.UTF-8")],
            &[("LANG", "en_US.UTF-8"), ("LC_ALL", "ko_KR.utf8")],
            &[("LANG", "ja_JP.UTF-8")],
            &[("LANG", "zh_CN.UTF-8")],
            &[("LANG", "ko_KR.UTF-8"), ("XMODIFIERS", "@im=none")],
            &[("LANG", "ko_KR.UTF-8"), ("XMODIFIERS", "@im=")],
        ] {
            let p = plan(&env(pairs), no_setting);
            assert_eq!(p.set_gtk_im_module.as_deref(), Some(SIMPLE), "{pairs:?}");
            assert!(p.software_compositing_ok, "{pairs:?}");
        }
    }

    #[test]
    fn other_locales_are_left_alone() {
        for pairs in [
            &[("LANG", "en_US.UTF-8")][..],
            &[],
            &[("LANG", "ko_KR.UTF-8"), ("LC_ALL", "C.UTF-8")],
            &[("LANG", "ko_KR.UTF-8"), ("WAYLAND_DISPLAY", "wayland-0")],
            &[("LANG", "ko_KR.UTF-8"), ("GDK_BACKEND", "wayland")],
        ] {
            let p = plan(&env(pairs), || panic!("not asked"));
            assert_eq!(
                p,
                ImPlan {
                    set_gtk_im_module: None,
                    software_compositing_ok: true,
                    reason: p.reason
                },
                "{pairs:?}"
            );
        }
        // GDK_BACKEND=x11 under Wayland: X11 after all.
        let p = plan(
            &env(&[
                ("LANG", "ko_KR.UTF-8"),
                ("WAYLAND_DISPLAY", "w"),
                ("GDK_BACKEND", "x11"),
            ]),
            no_setting,
        );
        assert_eq!(p.set_gtk_im_module.as_deref(), Some(SIMPLE));
    }

    #[test]
    fn a_named_module_is_kept_with_the_simple_context_as_last_resort() {
        let p = plan(
            &env(&[("LANG", "ko_KR.UTF-8"), ("GTK_IM_MODULE", "ibus")]),
            || panic!("not asked"),
        );
        assert_eq!(
            p.set_gtk_im_module.as_deref(),
            Some("ibus:gtk-im-context-simple")
        );
        assert!(p.software_compositing_ok);
        let p = plan(
            &env(&[
                ("LANG", "ko_KR.UTF-8"),
                ("GTK_IM_MODULE", "fcitx:ibus:"),
                ("XMODIFIERS", "@im=fcitx"),
            ]),
            no_setting,
        );
        assert_eq!(
            p.set_gtk_im_module.as_deref(),
            Some("fcitx:ibus:gtk-im-context-simple")
        );
        // GTK's settings.ini counts as a named module.
        let p = plan(&env(&[("LANG", "ko_KR.UTF-8")]), || Some("ibus".into()));
        assert_eq!(
            p.set_gtk_im_module.as_deref(),
            Some("ibus:gtk-im-context-simple")
        );
        assert!(p.software_compositing_ok);
        // GTK's own contexts: nothing to add.
        let p = plan(
            &env(&[("LANG", "ko_KR.UTF-8"), ("GTK_IM_MODULE", SIMPLE)]),
            no_setting,
        );
        assert_eq!(
            (p.set_gtk_im_module, p.software_compositing_ok),
            (None, true)
        );
    }

    #[test]
    fn xim_in_use_keeps_compositing_so_the_page_shows() {
        for (pairs, setting) in [
            (
                &[("LANG", "ko_KR.UTF-8"), ("GTK_IM_MODULE", "xim")][..],
                None,
            ),
            (&[("LANG", "en_US.UTF-8"), ("GTK_IM_MODULE", "xim")], None),
            (&[("LANG", "ko_KR.UTF-8"), ("XMODIFIERS", "@im=nabi")], None),
            (&[("LANG", "ko_KR.UTF-8"), ("XMODIFIERS", "@im=ibus")], None),
            (&[("LANG", "ko_KR.UTF-8")], Some("xim".to_string())),
        ] {
            let p = plan(&env(pairs), || setting.clone());
            assert_eq!(
                (p.set_gtk_im_module.as_deref(), p.software_compositing_ok),
                (None, false),
                "{pairs:?}"
            );
        }
        // An XIM server in XMODIFIERS but the desktop names ibus: GTK loads ibus, not XIM.
        let p = plan(
            &env(&[("LANG", "ko_KR.UTF-8"), ("XMODIFIERS", "@im=ibus")]),
            || Some("ibus".into()),
        );
        assert!(p.software_compositing_ok);
    }

    #[test]
    fn xim_server_names() {
        let server = |m: &str| env(&[("XMODIFIERS", m)]).xim_server().map(str::to_string);
        assert_eq!(server("@im=ibus").as_deref(), Some("ibus"));
        assert_eq!(server(" @im=fcitx ").as_deref(), Some("fcitx"));
        assert_eq!(server("@im=none"), None);
        assert_eq!(server("@im=local"), None);
        assert_eq!(server("@foo=bar"), None);
    }

    #[test]
    fn settings_ini() {
        assert_eq!(
            parse_settings_ini("[Settings]\ngtk-theme-name=Adwaita\ngtk-im-module = fcitx\n")
                .as_deref(),
            Some("fcitx")
        );
        assert_eq!(parse_settings_ini("[Other]\ngtk-im-module=fcitx\n"), None);
        assert_eq!(parse_settings_ini("[Settings]\ngtk-im-module=\n"), None);
    }
}
