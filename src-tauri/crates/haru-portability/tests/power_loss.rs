//! Power cuts, not just kills: the diary's day (saves, edits, moving to the trash, deleting for
//! good, emptying the trash, a backup) run through `haru_powerloss`, a SQLite VFS that loses
//! what was not fsynced, with the power cut at every single write, sync, truncation and delete
//! in turn — once dropping every unsynced write, once keeping a random half of them. After
//! each cut the diary must open (integrity checked), hold every change that was acknowledged
//! (the call returned `Ok`) exactly, and every backup that was completed must verify. Its own
//! test binary: the VFS is process-wide.

use std::collections::BTreeMap;
use std::path::Path;

use haru_core::SaveRequest;
use haru_powerloss::support::{copy_dir, XorShift};
use haru_store::Store;

/// The day's changes, with what the diary must hold after each acknowledged one.
#[derive(Default, Clone)]
struct Expected {
    live: BTreeMap<i64, String>,
    /// Backups whose `backup_now` returned.
    backups: Vec<String>,
}

fn save(store: &mut Store, id: Option<i64>, body: &str) -> Result<i64, ()> {
    let outcome = store
        .save(&SaveRequest {
            id,
            date: "2026-04-01".into(),
            body: body.into(),
        })
        .map_err(|_| ())?;
    match outcome {
        haru_core::SaveOutcome::Saved { entry } => Ok(entry.id),
        other => panic!("unexpected {other:?}"),
    }
}

/// The workload; stops at the first failure (the power is off). Each step updates `expected`
/// only once it was acknowledged; `in_flight` names the step that failed (it may or may not
/// have landed).
fn day(dir: &Path, expected: &mut Expected, in_flight: &mut Option<(Option<i64>, Option<String>)>) {
    let Ok(mut store) = Store::open_in(dir) else {
        return;
    };
    let mut step = |store: &mut Store, i: usize| -> Result<(), ()> {
        match i % 6 {
            0..=2 => {
                let body = format!("Power cut day, line {i}. 정전 {i}번째 줄.");
                *in_flight = Some((None, Some(body.clone())));
                let id = save(store, None, &body)?;
                expected.live.insert(id, body);
            }
            3 => {
                let id = *expected.live.keys().next().unwrap();
                let body = format!("Edited at step {i}. {i}단계에서 고침.");
                *in_flight = Some((Some(id), Some(body.clone())));
                save(store, Some(id), &body)?;
                expected.live.insert(id, body);
            }
            4 => {
                let id = *expected.live.keys().last().unwrap();
                *in_flight = Some((Some(id), None));
                if i % 12 == 4 {
                    store.trash_entry(id).map_err(|_| ())?;
                    store.purge_trash("9999-01-01T00:00:00Z").map_err(|_| ())?;
                } else {
                    store.delete_entry(id).map_err(|_| ())?;
                }
                expected.live.remove(&id);
            }
            _ => {
                *in_flight = None;
                let info = haru_portability::backup_now(store).map_err(|_| ())?;
                expected.backups.push(info.path);
            }
        }
        *in_flight = None;
        Ok(())
    };
    for i in 0..18 {
        if step(&mut store, i).is_err() {
            return;
        }
    }
}

fn check(
    dir: &Path,
    expected: &Expected,
    in_flight: &Option<(Option<i64>, Option<String>)>,
    context: &str,
) -> usize {
    let store =
        Store::open_in(dir).unwrap_or_else(|e| panic!("{context}: the diary does not open: {e}"));
    let entries = store.list_entries(None, None).unwrap();
    let mut found: BTreeMap<i64, String> = BTreeMap::new();
    for summary in entries {
        let entry = store.get_entry(summary.id).unwrap();
        found.insert(entry.id, entry.body);
    }
    for (id, body) in &expected.live {
        let there = found.get(id);
        let in_flight_here = matches!(in_flight, Some((Some(fid), _)) if fid == id);
        if !in_flight_here {
            assert_eq!(
                there,
                Some(body),
                "{context}: acknowledged entry {id} lost or changed"
            );
        }
    }
    for id in found.keys() {
        let new_in_flight = matches!(in_flight, Some((None, Some(body))) if found[id] == *body);
        let deleting = matches!(in_flight, Some((Some(fid), None)) if fid == id);
        assert!(
            expected.live.contains_key(id) || new_in_flight || deleting,
            "{context}: entry {id} was deleted (acknowledged) but is back"
        );
    }
    for backup in &expected.backups {
        haru_portability::verify_backup(Path::new(backup), None)
            .unwrap_or_else(|e| panic!("{context}: a completed backup does not verify: {e}"));
    }
    expected.live.len()
}

#[test]
fn a_power_cut_at_any_write_keeps_every_acknowledged_change() {
    haru_powerloss::install();
    let tmp = tempfile::tempdir().unwrap();
    // The diary exists (created with the power on); the day is measured once, uncut.
    let template = tmp.path().join("template");
    Store::open_in(&template).unwrap();
    let measure = tmp.path().join("measure");
    copy_dir(&template, &measure);
    haru_powerloss::count_ops();
    let mut expected = Expected::default();
    day(&measure, &mut expected, &mut None);
    let total = haru_powerloss::count_ops();
    assert!(
        expected.live.len() >= 5 && total > 50,
        "the day did too little ({total} operations)"
    );

    let seed = std::env::var("HARU_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15u64);
    let mut rng = XorShift(seed);
    let (mut cuts, mut acknowledged, mut unsynced, mut kept) = (0, 0, 0, 0);
    for cut in 1..=total {
        for keep_some in [false, true] {
            let dir = tmp.path().join(format!("cut-{cut}-{keep_some}"));
            copy_dir(&template, &dir);
            haru_powerloss::arm(cut);
            let mut expected = Expected::default();
            let mut in_flight = None;
            day(&dir, &mut expected, &mut in_flight);
            haru_powerloss::cut_now();
            let cycle =
                haru_powerloss::power_cycle(|_| keep_some && rng.next_u64().is_multiple_of(2));
            let context = format!("power cut at operation {cut} of {total}, {} of {} unsynced writes kept (seed {seed})", cycle.kept, cycle.unsynced);
            acknowledged += check(&dir, &expected, &in_flight, &context);
            cuts += 1;
            unsynced += cycle.unsynced;
            kept += cycle.kept;
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
    println!(
        "power cuts: {cuts} (at each of {total} operations, twice), {acknowledged} acknowledged \
         entries checked, {unsynced} unsynced writes of which {kept} kept, 0 lost"
    );
}
