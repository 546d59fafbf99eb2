//! `haru analyze`: bulk scoring to JSON Lines (for evaluation and scripts), or a readable
//! summary of one text. Input is checked whole before the model loads, and the output file
//! appears complete or not at all.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use haru_core::{AppError, ErrorCode};
use haru_emotion::{predicted_labels, top_labels, EmotionModel, ModelPaths, LABELS};

use super::AnalyseArgs;

/// Lines scored per step (progress is reported between steps).
const STEP: usize = 128;
/// Above this many lines progress is shown even when stderr is not a terminal.
const PROGRESS_LINES: usize = 200;

pub fn run(args: AnalyseArgs) -> Result<(), AppError> {
    match (&args.input, &args.output, &args.text) {
        (Some(input), Some(output), None) => {
            // Read and check everything before loading the model or touching the output.
            let bytes = std::fs::read(input).map_err(|err| {
                AppError::new(
                    ErrorCode::Io,
                    format!("cannot read {}: {err}", input.display()),
                )
            })?;
            let lines = split_lines(&bytes).map_err(|(line, column, byte)| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "{}: line {line} is not UTF-8 text (invalid byte 0x{byte:02x} at \
                         byte {column} of the line); nothing was written",
                        input.display()
                    ),
                )
            })?;
            let mut model = load(&args)?;
            model.set_max_batch(usize::from(args.batch_size));
            write_jsonl(&mut model, &lines, output)
        }
        (None, None, Some(text)) => {
            let mut model = load(&args)?;
            let printed = summary(&mut model, text);
            // Tearing the session down takes ~30 ms and the process ends here anyway.
            std::mem::forget(model);
            printed
        }
        _ => Err(AppError::new(
            ErrorCode::InvalidInput,
            "use either --input IN --output OUT.jsonl, or --text TEXT",
        )),
    }
}

fn load(args: &AnalyseArgs) -> Result<EmotionModel, AppError> {
    let paths = ModelPaths::locate_with(args.model_dir.as_deref(), args.ort_lib.as_deref());
    Ok(EmotionModel::load(&paths, usize::from(args.threads))?)
}

/// One text per line (`\n` or `\r\n`; a final line break does not start another text; a
/// leading byte-order mark is dropped). Err: (line number, byte offset in the line, byte).
fn split_lines(bytes: &[u8]) -> Result<Vec<&str>, (usize, usize, u8)> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            std::str::from_utf8(line).map_err(|err| {
                let at = err.valid_up_to();
                (i + 1, at, line[at])
            })
        })
        .collect()
}

/// `{"probs": {…28 labels in order…}, "labels": […]}` for one text.
fn json_line(probs: &haru_emotion::Probs, thresholds: &haru_emotion::Probs) -> String {
    let mut out = String::with_capacity(900);
    out.push_str("{\"probs\":{");
    for (i, (label, p)) in LABELS.iter().zip(probs).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let value = serde_json::to_string(p).unwrap_or_else(|_| "null".into());
        let _ = write!(out, "\"{label}\":{value}");
    }
    out.push_str("},\"labels\":");
    let labels = predicted_labels(probs, thresholds);
    out.push_str(&serde_json::to_string(&labels).unwrap_or_else(|_| "[]".into()));
    out.push_str("}\n");
    out
}

fn write_jsonl(model: &mut EmotionModel, lines: &[&str], output: &Path) -> Result<(), AppError> {
    let io_err = |path: &Path, err: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {err}", path.display()),
        )
    };
    // Written beside the destination and renamed at the end: OUT is complete or untouched.
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let partial = output.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&partial).map_err(|err| io_err(&partial, err))?;
        let mut out = std::io::BufWriter::new(file);
        let thresholds = *model.thresholds();
        let mut progress = crate::progress::Progress::new("haru analyze", "lines", PROGRESS_LINES);
        for (step, texts) in lines.chunks(STEP).enumerate() {
            for probs in model.analyse_batch(texts)? {
                out.write_all(json_line(&probs, &thresholds).as_bytes())
                    .map_err(|err| io_err(&partial, err))?;
            }
            progress.update(step * STEP + texts.len(), lines.len());
        }
        progress.finish();
        let file = out
            .into_inner()
            .map_err(|err| io_err(&partial, err.into_error()))?;
        file.sync_all().map_err(|err| io_err(&partial, err))?;
        std::fs::rename(&partial, output).map_err(|err| io_err(output, err))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn bar(p: f32, width: usize) -> String {
    let filled = ((p.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn summary(model: &mut EmotionModel, text: &str) -> Result<(), AppError> {
    let analysis = model.analyse(text)?;
    let thresholds = *model.thresholds();
    let predicted = predicted_labels(&analysis.probs, &thresholds);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Emotions ({} sentence{}, model {}):",
        analysis.sentences.len(),
        if analysis.sentences.len() == 1 {
            ""
        } else {
            "s"
        },
        analysis.model_id
    );
    for (label, p) in top_labels(&analysis.probs, 6) {
        let mark = if predicted.contains(&label) {
            " ✓"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {label:<15} {} {:>5.1}%{mark}",
            bar(p, 24),
            p * 100.0
        );
    }
    let _ = writeln!(out, "Predicted: {}", predicted.join(", "));
    if !analysis.sentences.is_empty() {
        let _ = writeln!(out, "\nSentences:");
        for (i, s) in analysis.sentences.iter().enumerate() {
            // The app's panel colours the sentence by the same label.
            let top = haru_core::emotion::dominant(&s.probs) as usize;
            let one_line: String = s
                .text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(
                out,
                "  {:>2}. {one_line}\n      → {} {:.0}%",
                i + 1,
                LABELS[top],
                s.probs[top] * 100.0
            );
        }
    }
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|err| AppError::new(ErrorCode::Io, err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_a_text_editor_shows_them() {
        assert_eq!(split_lines(b"").unwrap(), Vec::<&str>::new());
        assert_eq!(split_lines(b"\n").unwrap(), vec![""]);
        assert_eq!(split_lines(b"a\nb").unwrap(), vec!["a", "b"]);
        assert_eq!(split_lines(b"a\r\n\r\nb\n").unwrap(), vec!["a", "", "b"]);
        assert_eq!(split_lines(b"\xef\xbb\xbfa\n\n").unwrap(), vec!["a", ""]);
        assert_eq!(split_lines("좋다\n".as_bytes()).unwrap(), vec!["좋다"]);
        assert_eq!(split_lines(b"ok\nok\nab\xffc\n"), Err((3, 2, 0xff)));
        // A Korean character cut in half.
        assert_eq!(split_lines(b"\xec\xa2"), Err((1, 0, 0xec)));
    }

    #[test]
    fn json_lines_have_all_labels_in_order_and_never_empty_labels() {
        let mut probs = [0.001f32; 28];
        probs[17] = 0.9;
        let line = json_line(&probs, &[0.5; 28]);
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["labels"], serde_json::json!(["joy"]));
        let mut at = 0;
        for label in LABELS {
            let key = format!("\"{label}\":");
            at += line[at..].find(&key).expect("labels in order") + key.len();
        }
        assert_eq!(value["probs"]["joy"].as_f64().unwrap() as f32, 0.9);
        let quiet = json_line(&[0.0; 28], &[0.5; 28]);
        let value: serde_json::Value = serde_json::from_str(&quiet).unwrap();
        assert_eq!(value["labels"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(1.5, 2), "██");
        assert_eq!(bar(f32::NAN, 2).chars().count(), 2);
    }
}
