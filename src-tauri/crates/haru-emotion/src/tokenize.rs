//! Text → token ids exactly as the model was trained, and never silently cut.
//!
//! Why it exists: the ids must match Python's `tokenizers` bit for bit (the parity test checks
//! it), and a `tokenizer.json` can carry its own truncation/padding settings that would cut long
//! diary entries without a word. This wrapper switches both off, applies Unicode NFC (decomposed
//! Hangul would otherwise become jamo + `<unk>`), prepends the model's text prefix, and knows
//! how to cut an over-long id sequence into model-sized windows that each keep
//! `<s> prefix … </s>`.

use std::path::Path;

use tokenizers::Tokenizer;
use unicode_normalization::UnicodeNormalization;

use crate::error::{EmotionError, Result};

pub(crate) struct TextTokenizer {
    inner: Tokenizer,
    prefix: String,
    /// Ids of the prefix as they appear right after `<s>` in every encoded text.
    prefix_ids: Vec<i64>,
    pub bos: i64,
    pub eos: i64,
    pub pad: i64,
}

impl TextTokenizer {
    pub fn load(path: &Path, prefix: &str) -> Result<Self> {
        let invalid = |reason: String| EmotionError::TokenizerInvalid {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|err| EmotionError::io(path, err))?;
        let mut inner = Tokenizer::from_bytes(&bytes).map_err(|err| invalid(err.to_string()))?;
        inner
            .with_truncation(None)
            .map_err(|err| invalid(err.to_string()))?;
        inner.with_padding(None);

        let id = |token: &str| inner.token_to_id(token).map(i64::from);
        let (Some(bos), Some(eos)) = (id("<s>"), id("</s>")) else {
            return Err(invalid("it has no <s> and </s> tokens".into()));
        };
        let pad = id("<pad>").unwrap_or(1);
        let mut tok = TextTokenizer {
            inner,
            prefix: prefix.to_string(),
            prefix_ids: Vec::new(),
            bos,
            eos,
            pad,
        };
        // The prefix's ids: what different texts share after <s>.
        let mut common: Option<Vec<i64>> = None;
        for probe in ["가", "a", "Hello", "오늘은", "😊"] {
            let ids = tok.encode(probe).map_err(|err| invalid(err.to_string()))?;
            if ids.len() < 2 || ids[0] != bos || ids[ids.len() - 1] != eos {
                return Err(invalid(
                    "it does not wrap texts in <s> … </s> (post-processor missing)".into(),
                ));
            }
            let body = &ids[1..ids.len() - 1];
            common = Some(match common {
                None => body.to_vec(),
                Some(c) => c
                    .iter()
                    .zip(body)
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| *x)
                    .collect(),
            });
        }
        tok.prefix_ids = common.unwrap_or_default();
        Ok(tok)
    }

    /// `<s> prefix text </s>` as model ids, whatever the length.
    pub fn encode(&self, text: &str) -> Result<Vec<i64>> {
        let input: String = self.prefix.chars().chain(text.nfc()).collect();
        let encoding = self
            .inner
            .encode(input, true)
            .map_err(|err| EmotionError::Inference(format!("tokenising failed: {err}")))?;
        Ok(encoding.get_ids().iter().map(|&id| i64::from(id)).collect())
    }

    /// Token count of the text itself (without `<s>`, prefix and `</s>`).
    pub fn body_len(&self, ids: &[i64]) -> usize {
        ids.len().saturating_sub(self.overhead())
    }

    /// Ids every sequence spends on `<s>`, the prefix and `</s>`.
    pub fn overhead(&self) -> usize {
        2 + self.prefix_ids.len()
    }

    /// Cuts an encoded sequence longer than `max_tokens` into consecutive windows of at most
    /// `max_tokens` ids, each `<s> prefix … </s>`; shorter sequences come back as they are.
    pub fn windows(&self, ids: &[i64], max_tokens: usize) -> Vec<Vec<i64>> {
        if ids.len() <= max_tokens {
            return vec![ids.to_vec()];
        }
        let inner = &ids[1..ids.len() - 1];
        let (prefix, body): (&[i64], &[i64]) = if inner.starts_with(&self.prefix_ids) {
            (&self.prefix_ids, &inner[self.prefix_ids.len()..])
        } else {
            (&[], inner)
        };
        let room = max_tokens.saturating_sub(2 + prefix.len()).max(1);
        body.chunks(room)
            .map(|piece| {
                let mut w = Vec::with_capacity(piece.len() + 2 + prefix.len());
                w.push(self.bos);
                w.extend_from_slice(prefix);
                w.extend_from_slice(piece);
                w.push(self.eos);
                w
            })
            .collect()
    }
}
