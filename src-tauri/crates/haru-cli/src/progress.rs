//! Progress on stderr for the commands that take a while (`analyze`, the catch-up analysis
//! before `history` and exports, catalogue builds, refreshes and imports): an `indicatif` bar
//! redrawn in place on a terminal; when stderr is a file or a pipe (scripts, CI logs), one plain
//! line per tenth of the work, so logs stay short and readable.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    label: String,
    unit: &'static str,
    /// Off a terminal, totals up to this stay silent (a short job needs no report).
    quiet_up_to: usize,
    terminal: bool,
    bar: Option<ProgressBar>,
    last_decile: Option<usize>,
    started: Instant,
}

impl Progress {
    pub fn new(label: &str, unit: &'static str, quiet_up_to: usize) -> Progress {
        Progress {
            label: label.to_owned(),
            unit,
            quiet_up_to,
            terminal: std::io::stderr().is_terminal(),
            bar: None,
            last_decile: None,
            started: Instant::now(),
        }
    }

    /// A new stage of the work (a catalogue build reads, then embeds): the bar starts over.
    pub fn stage(&mut self, label: &str) {
        if self.label != label {
            self.finish();
            self.label = label.to_owned();
            self.last_decile = None;
            self.started = Instant::now();
        }
    }

    pub fn update(&mut self, done: usize, total: usize) {
        if total == 0 {
            return;
        }
        if self.terminal {
            let bar = self.bar.get_or_insert_with(|| {
                let bar = ProgressBar::with_draw_target(
                    Some(total as u64),
                    ProgressDrawTarget::stderr_with_hz(10),
                );
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>12} [{bar:30}] {pos}/{len} {msg}  {per_sec}  eta {eta}",
                    )
                    .expect("a valid template")
                    .progress_chars("#>-"),
                );
                bar.set_prefix(self.label.clone());
                bar.set_message(self.unit);
                bar
            });
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            if done >= total {
                self.finish();
            }
            return;
        }
        if total <= self.quiet_up_to {
            return;
        }
        let decile = (done * 10 / total).min(10);
        if self.last_decile.is_some_and(|last| decile <= last) {
            return;
        }
        self.last_decile = Some(decile);
        let seconds = self
            .started
            .elapsed()
            .max(Duration::from_millis(1))
            .as_secs_f64();
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        eprintln!(
            "{}: {done}/{total}{unit} ({}%), {:.0}/s",
            self.label,
            decile * 10,
            done as f64 / seconds
        );
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
