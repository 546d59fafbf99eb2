//! The writer's clicks on the cards (like, dislike, not now, seen): stored with the day's
//! distribution the card was shown for, taught to the learner, and summed up as the feedback
//! history with its running satisfaction rate. Also what the learner has learned, read back,
//! and its reset.

use chrono::{Datelike, Duration, NaiveDate};
use haru_core::{
    FeedbackHistory, FeedbackRecord, FeedbackValue, ItemKind, SatisfactionPoint, Strategy,
};
use haru_store::{FeedbackRow, Store};

use crate::learner::{self, LearnerState};
use crate::rank;
use crate::stored_items::{kind_of, row_from_item};
use crate::{RecommendError, Recommender};

fn feedback_wire(value: FeedbackValue) -> &'static str {
    // The table's CHECK spells it with an underscore.
    match value {
        FeedbackValue::NotNow => "not_now",
        other => other.as_str(),
    }
}

impl Recommender {
    /// Stores a click and teaches the learner (like / dislike / not-now; "seen" only excludes).
    pub fn feedback(
        &mut self,
        store: &mut Store,
        item_id: &str,
        entry_id: Option<i64>,
        value: FeedbackValue,
    ) -> Result<(), RecommendError> {
        let index = self.catalogue.index_of(item_id);
        let stored = store.item_row(item_id)?;
        if index.is_none() && stored.is_none() {
            return Err(RecommendError::UnknownItem(item_id.to_string()));
        }
        let shown = store.last_shown(item_id)?;
        let context = shown
            .as_ref()
            .map(|s| s.context.clone())
            .filter(|c| c.len() == haru_core::LABELS.len());
        let strategy = shown
            .as_ref()
            .and_then(|s| Strategy::parse(&s.strategy))
            .unwrap_or(Strategy::Match);
        let mut learner_update = None;
        if let (Some(n), Some(ctx), Some((y, weight))) =
            (index, &context, learner::target_of(value))
        {
            let prefs = Self::prefs(store)?;
            let mut state = Self::learner(store)?;
            let kind = self.catalogue.items[n].kind;
            let x = rank::features(&self.catalogue, n, ctx, strategy, &prefs);
            state.of_mut(kind).update(&x, y, weight);
            learner_update = Some((kind, serde_json::to_string(state.of(kind)).unwrap()));
        }
        let item_row = index.map(|n| {
            row_from_item(
                &self.catalogue.items[n],
                self.catalogue.model_sha256.as_deref(),
            )
        });
        store.add_feedback(
            item_row.as_ref(),
            &FeedbackRow {
                item_id: item_id.to_string(),
                entry_id: entry_id.or(shown.as_ref().and_then(|s| s.entry_id)),
                value: feedback_wire(value).into(),
                strategy: Some(strategy.as_str().into()),
                context,
                created_at: String::new(),
                kind: String::new(),
                title: String::new(),
                creator: None,
            },
            learner_update
                .as_ref()
                .map(|(k, s)| (k.as_str(), s.as_str())),
        )?;
        Ok(())
    }

    /// The feedback history with the running satisfaction rate.
    pub fn history(store: &Store) -> Result<FeedbackHistory, RecommendError> {
        let rows = store.feedback_rows()?;
        let mut weekly: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
        let (mut likes, mut dislikes) = (0, 0);
        let mut records = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some(value) = FeedbackValue::parse(&r.value) else {
                continue;
            };
            let rated = matches!(value, FeedbackValue::Like | FeedbackValue::Dislike);
            if value == FeedbackValue::Like {
                likes += 1;
            }
            if value == FeedbackValue::Dislike {
                dislikes += 1;
            }
            if rated {
                if let Some(day) = r
                    .created_at
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
                    let e = weekly.entry(monday.to_string()).or_default();
                    e.1 += 1;
                    if value == FeedbackValue::Like {
                        e.0 += 1;
                    }
                }
            }
            records.push(FeedbackRecord {
                item_id: r.item_id.clone(),
                kind: kind_of(&r.kind),
                title: r.title.clone(),
                creator: r.creator.clone(),
                value,
                created_at: r.created_at.clone(),
            });
        }
        let rated = likes + dislikes;
        Ok(FeedbackHistory {
            records,
            likes,
            dislikes,
            shown: store.shown_count()?,
            satisfaction: (rated > 0).then(|| likes as f32 / rated as f32),
            weekly: weekly
                .into_iter()
                .map(|(week, (likes, rated))| SatisfactionPoint { week, likes, rated })
                .collect(),
        })
    }

    pub fn reset_learning(store: &mut Store) -> Result<(), RecommendError> {
        store.reset_learner()?;
        Ok(())
    }

    pub fn learner(store: &Store) -> Result<LearnerState, RecommendError> {
        let mut state = LearnerState::default();
        for kind in [ItemKind::Movie, ItemKind::Music] {
            if let Some(json) = store.learner_state(kind.as_str())? {
                if let Ok(l) = serde_json::from_str::<learner::Learner>(&json) {
                    if l.mean.len() == learner::f::COUNT && l.precision.len() == learner::f::COUNT {
                        *state.of_mut(kind) = l;
                    }
                }
            }
        }
        Ok(state)
    }
}
