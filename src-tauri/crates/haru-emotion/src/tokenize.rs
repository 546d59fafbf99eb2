//! Text → token ids exactly as the model was trained, and never silently cut.
//!
//! Why it exists: the ids must match Python's `tokenizers` bit for bit (the parity test checks
//! it), and a `tokenizer.json` can carry its own truncation/padding settings that would cut long
//! diary entries without a word. This wrapper switches both off, applies Unicode NFC (decomposed
//! Hangul would otherwise become jamo + `<unk>`), prepends the model's text prefix, and knows
//! how to cut an over-long id sequence into model-sized windows that each keep
//! `<s> prefix … </s>`. It also finds which tokens of an encoded entry belong to which sentence,
//! so that one run of the model can read every sentence from its own tokens.

use std::ops::Range;
use std::path::Path;

use tokenizers::Tokenizer;
use unicode_normalization::UnicodeNormalization;

use crate::error::{EmotionError, Result};

/// An encoded entry and where each of its sentences is among the ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryTokens {
    /// `<s> prefix text </s>` as model ids.
    pub ids: Vec<i64>,
    /// For each sentence, the `[start, end)` range of its ids; `None` when no id is its own.
    pub sentences: Vec<Option<Range<usize>>>,
}

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
        Ok(self.encode_with_sentences(text, &[])?.ids)
    }

    /// `<s> prefix text </s>` as model ids, and for each of `sentences` (ascending,
    /// non-overlapping byte ranges of `text`) the `[start, end)` range of its tokens, or `None`
    /// when none of the tokens is its own (a sentence of characters the model ignores).
    ///
    /// A token belongs to the sentence that holds its last byte, so `▁word`, whose offsets start
    /// at the space before `word`, belongs to `word`'s sentence; the prefix, the specials and
    /// lone `▁` tokens between sentences belong to none. The pieces of `text` are normalised
    /// (NFC) one by one, which is the same as normalising the whole text except for a sentence
    /// that starts with a combining mark. `models/eval.py` (`entry_spans`) applies the same rule
    /// for the parity fixture.
    pub fn encode_with_sentences(
        &self,
        text: &str,
        sentences: &[Range<usize>],
    ) -> Result<EntryTokens> {
        let mut input = self.prefix.clone();
        let mut bounds = Vec::with_capacity(sentences.len());
        let mut at = 0;
        for sentence in sentences {
            input.extend(text[at..sentence.start].nfc());
            let start = input.len();
            input.extend(text[sentence.clone()].nfc());
            bounds.push(start..input.len());
            at = sentence.end;
        }
        input.extend(text[at..].nfc());
        let encoding = self
            .inner
            .encode(input.as_str(), true)
            .map_err(|err| EmotionError::Inference(format!("tokenising failed: {err}")))?;
        let mut ranges: Vec<Option<Range<usize>>> = vec![None; bounds.len()];
        let mut sentence = 0;
        let tokens = encoding
            .get_offsets()
            .iter()
            .zip(encoding.get_special_tokens_mask());
        for (token, (&(start, end), &special)) in tokens.enumerate() {
            if special == 1 || end <= start {
                continue;
            }
            let last = end - 1;
            while sentence < bounds.len() && bounds[sentence].end <= last {
                sentence += 1;
            }
            let Some(bound) = bounds.get(sentence) else {
                break;
            };
            if bound.contains(&last) {
                let range = ranges[sentence].get_or_insert(token..token);
                range.end = token + 1;
            }
        }
        let ids = encoding.get_ids().iter().map(|&id| i64::from(id)).collect();
        Ok(EntryTokens {
            ids,
            sentences: ranges,
        })
    }

    /// Token count of the text itself (without `<s>`, prefix and `</s>`).
    pub fn body_len(&self, ids: &[i64]) -> usize {
        ids.len().saturating_sub(self.overhead())
    }

    /// The token range of the text itself in an encoded sequence (after `<s>` and the prefix,
    /// before `</s>`).
    pub fn body_range(&self, ids: &[i64]) -> Range<usize> {
        let start = (1 + self.prefix_ids.len()).min(ids.len());
        start..ids.len().saturating_sub(1).max(start)
    }

    /// Ids of the prefix after `<s>`.
    pub fn prefix_len(&self) -> usize {
        self.prefix_ids.len()
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
