#!/usr/bin/env bash
# The `haru` command of a package, on a fresh diary, as a user runs it: analyse text, add,
# list, search (words and feelings), history and recommendations. Run by tests/package/run.sh
# with the checkout hidden, from an empty working folder.
#
#   cli.sh HARU [DATA_DIR]   HARU: the binary (e.g. /usr/bin/haru or ROOT/usr/bin/haru);
#                            without DATA_DIR the diary is the default one ($XDG_DATA_HOME/haru)
set -euo pipefail
HARU=$1
DATA=${2:-}
run() { if [ -n "$DATA" ]; then "$HARU" --data-dir "$DATA" "$@"; else "$HARU" "$@"; fi; }
fail() { echo "cli.sh: FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

grep -q '^haru ' <<<"$("$HARU" --version)" || fail "haru --version"

out=$("$HARU" analyze --text "오늘은 정말 행복했다. 친구들과 웃었다. Then it rained and I felt lonely.")
echo "$out" | grep -q '^Predicted: ' || fail "analyze --text printed no prediction: $out"
echo "$out" | grep -q '3 sentences' || fail "analyze --text did not read three sentences: $out"
printf 'I am so happy and grateful today.\n오늘은 너무 슬퍼서 울었다.\n' > texts.txt
"$HARU" analyze --input texts.txt --output out.jsonl 2>/dev/null
python3 - out.jsonl <<'PY' || fail "analyze --input"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 2 and all(len(r["probs"]) == 28 for r in rows), rows
top = [max(r["probs"], key=r["probs"].get) for r in rows]
assert top[0] in ("joy", "gratitude", "admiration", "excitement"), top
assert top[1] in ("sadness", "grief", "disappointment", "remorse"), top
PY

happy=$(run add --date 2026-03-14 --text "오늘은 학교에서 친구를 만났다. 정말 즐거운 하루였다.")
sad=$(run add --date 2026-03-15 --text "I failed the exam I studied for. I feel sad and lonely tonight.")
[ -n "$happy" ] && [ -n "$sad" ] || fail "add printed no id"
run list --json | json "assert sorted(e['id'] for e in d) == sorted([$happy, $sad]), d"
run show "$happy" --json | json "assert d['date'] == '2026-03-14' and '학교' in d['body'], d"
run search 학교 --json | json "assert [h['entry']['id'] for h in d] == [$happy], d"
run history --by day --json 2>/dev/null | json "
assert [p['start'] for p in d] == ['2026-03-14', '2026-03-15'], d
assert all(len(p['probs']) == 28 and sum(p['probs'].values()) > 0.5 for p in d), d"
run search "" --emotion sadness --json | json "assert $sad in [h['entry']['id'] for h in d], d"
run recommend --text "I failed the exam. I feel sad and lonely tonight." --json | json "
kinds = [c['kind'] for c in d]
assert kinds.count('movie') == 5 and kinds.count('music') == 5, kinds
assert all(c['why'] for c in d), d"
echo "cli.sh: $HARU: analyze, add, list, show, search, history, recommend: ok"
