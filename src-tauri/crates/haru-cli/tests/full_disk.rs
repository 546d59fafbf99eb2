//! A full disk under every command that writes: `add`, `backup`, the three exports, `import`,
//! `restore`, `encrypt`, `passphrase` and `decrypt`, each run with the data folder on a small
//! tmpfs filled to its last few kilobytes (a private mount: `unshare -rm`). Each must either
//! succeed or fail with `disk_full`, never `database_corrupt`, `internal` or a bare I/O error;
//! once space is freed every entry is there, the diary checks out and every command works.

mod common;

use std::path::Path;

use common::{on_a_small_disk, OnSmallDisk};

/// The shell side: `run NAME ARGS…` runs haru and prints `NAME exit=… code=…` (the error code
/// from `haru: error [code]`), so the test can judge every command.
const SCRIPT: &str = r#"
set -u
mount -t tmpfs -o size=8m tmpfs "$D" || exit 90
export HARU_DATA_DIR="$D/data" HARU_TEST_FAST_KDF=1 HARU_PASSPHRASE="four random words here"
export HARU_NEW_PASSPHRASE="five other random words"
run() {
    name=$1; shift
    "$HARU" "$@" > "$O/out.txt" 2> "$O/err.txt"
    code=$?
    err=$(grep "error \[" "$O/err.txt" | tail -n 1 | head -c 400)
    echo "$name exit=$code stderr=$err"
}
# fill BYTES: leaves BYTES free on the disk.
fill() {
    rm -f "$D/filler"
    sync
    avail=$(df --output=avail -B1 "$D" | tail -n 1)
    head -c $((avail - $1)) /dev/zero > "$D/filler" 2>/dev/null
    echo "filled, $(df --output=avail -B1 "$D" | tail -n 1) bytes left"
}
# Every writing command, on a disk with too little room to open the diary (24 KiB: SQLite's
# shared-memory file cannot grow) and with room to open it but not to finish (160 KiB).
plain_commands() {
    run add-$1 add --date 2026-02-01 --file "$BIG"
    run backup-$1 backup
    run export-json-$1 export --format json --output "$D/export.json"
    run export-markdown-$1 export --format markdown --output "$D/md"
    run export-csv-$1 export --format csv --output "$D/emotions.csv"
    run import-jrnl-$1 import "$JRNL"
    run restore-$1 restore "$BACKUP"
    run encrypt-$1 encrypt
    rm -f "$D/export.json" "$D/emotions.csv"; rm -rf "$D/md"
}
encrypted_commands() {
    run add-encrypted-$1 add --date 2026-02-02 --file "$BIG"
    run backup-encrypted-$1 backup
    run passphrase-$1 passphrase
    if ! "$HARU" list > /dev/null 2>&1; then
        # The change went through: change it back.
        HARU_PASSPHRASE="$HARU_NEW_PASSPHRASE" HARU_NEW_PASSPHRASE="$HARU_PASSPHRASE" \
            "$HARU" passphrase > /dev/null 2>&1
    fi
    run decrypt-$1 decrypt
}
for i in 1 2 3 4; do
    "$HARU" add --date 2026-01-0$i --file "$BIG" > /dev/null || exit 91
done
"$HARU" add --date 2026-01-07 --text "Kept through a full disk. 가득 찬 디스크." > /dev/null || exit 91
# The emotions are analysed (and stored) now, so the CSV export on the full disk only reads.
"$HARU" export --format csv --output "$O/warm.csv" || exit 92
BACKUP=$("$HARU" backup) || exit 92
echo "entries-before=$("$HARU" list --json | grep -c '"id"')"

fill 24576
plain_commands tight
fill 163840
plain_commands roomy
if "$HARU" list > /dev/null 2>&1 && head -c 16 "$D/data/haru.sqlite3" | grep -q "SQLite format 3"; then
    :
else
    echo "an encrypt went through on a full disk"; exit 94
fi
rm -f "$D/filler"
echo "entries-after-plain=$("$HARU" list --json | grep -c '"id"')"
"$HARU" list --json | grep -q "Kept through a full disk" && echo "kept-plain=yes"
"$HARU" backup > /dev/null && echo "backup-after-freeing=ok"

# The encrypted commands: encrypt with room, then fill again.
"$HARU" encrypt > /dev/null || exit 93
fill 24576
encrypted_commands tight
fill 163840
encrypted_commands roomy
rm -f "$D/filler"
if "$HARU" list > /dev/null 2>&1; then P="$HARU_PASSPHRASE"; else P="$HARU_NEW_PASSPHRASE"; fi
export HARU_PASSPHRASE="$P"
echo "entries-after-encrypted=$("$HARU" list --json | grep -c '"id"')"
"$HARU" list --json | grep -q "Kept through a full disk" && echo "kept-encrypted=yes"
"$HARU" backup > /dev/null && echo "backup-after-freeing-encrypted=ok"
if "$HARU" decrypt > /dev/null 2>&1 || "$HARU" decrypt 2>&1 | grep -q "nothing to do"; then
    echo "decrypt-after-freeing=ok"
fi
"$HARU" add --date 2026-02-03 --text "after the disk was freed" > /dev/null && echo "save-after-freeing=ok"
"#;

#[test]
fn every_writing_command_on_a_full_disk_fails_cleanly_and_keeps_the_diary() {
    let jrnl =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../haru-portability/tests/fixtures/jrnl.json");
    // One long sentence (~75 KB): big on disk, quick for the model to read.
    let big = format!("{}.", "하루가 길었고 a long day ".repeat(2500));
    let Some(OnSmallDisk { stdout, stderr }) =
        on_a_small_disk(SCRIPT, &big, &[("JRNL", jrnl.as_path())])
    else {
        return;
    };
    println!("{stdout}");
    let mut judged = 0;
    let mut refused = 0;
    for line in stdout.lines().filter(|l| l.contains(" exit=")) {
        judged += 1;
        if line.contains("exit=0 ") {
            continue;
        }
        refused += 1;
        assert!(
            line.contains("[disk_full]"),
            "a full disk must be reported as disk_full: {line}"
        );
        assert!(
            line.contains("intact")
                || line.contains("Nothing was changed")
                || line.contains("nothing was changed"),
            "the message must say the diary is unharmed: {line}"
        );
    }
    assert_eq!(judged, 24, "{stdout}");
    assert!(
        refused >= 16,
        "the disk was not full enough to refuse most commands: {stdout}"
    );
    let before = stdout
        .lines()
        .find_map(|l| l.strip_prefix("entries-before="))
        .unwrap();
    // `restore` may have put the backup back (it holds every entry of the time); a jrnl
    // import that fit adds its entries.
    for after in ["entries-after-plain=", "entries-after-encrypted="] {
        let n: usize = stdout
            .lines()
            .find_map(|l| l.strip_prefix(after))
            .unwrap_or_else(|| panic!("{after} missing: {stdout}"))
            .parse()
            .unwrap();
        assert!(
            n >= before.parse().unwrap(),
            "{after}{n} < {before}: {stdout}"
        );
    }
    for mark in [
        "kept-plain=yes",
        "backup-after-freeing=ok",
        "kept-encrypted=yes",
        "backup-after-freeing-encrypted=ok",
        "decrypt-after-freeing=ok",
        "save-after-freeing=ok",
    ] {
        assert!(stdout.contains(mark), "{mark}: {stdout}\n{stderr}");
    }
}
