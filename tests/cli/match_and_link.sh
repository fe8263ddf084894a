#!/usr/bin/env bash
# `tradedig link`, `tradedig match` (with --review, labels, eval) on the real A-share firms of
# sample/firms_astock_2021.csv: names under which the firms are known in Chinese and English,
# and names of firms that are not in the list.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
FIRMS="$ROOT/sample/firms_astock_2021.csv"
if ! "$T" link --help > /dev/null 2>&1; then
  echo "skipped: this tradedig was built without the matcher module"
  exit 0
fi

# --- link: ids default to data-row numbers; English and Chinese left names.
cat > left.csv <<'EOF'
name
"Ping An Bank Co., Ltd."
珠海格力電器有限公司
北京字节跳动科技有限公司
佛山市海天调味食品股份有限公司
EOF
"$T" -q link left.csv "$FIRMS" --left-name name --right-name fullname --top 2 --out links.csv \
  || fail "link exited $?"
head -1 links.csv | grep -qx "left_id,right_id,rank,score" || fail "link header: $(head -1 links.csv)"
# Data row 1 of the A-share file is 平安银行.
grep -q "^1,1,1," links.csv || fail "Ping An Bank is not linked to data row 1: $(cat links.csv)"
gree_row=$(awk -F, 'NR > 1 && $7 == "珠海格力电器股份有限公司" { print NR - 1 }' "$FIRMS")
grep -q "^2,$gree_row,1," links.csv || fail "格力 (traditional, other legal form) is not linked to row $gree_row"
# The firm that is not listed may get candidates, but none scores like a match.
awk -F, '$1 == 3 && $4 >= 0.35 { bad = 1 } END { exit bad }' links.csv || fail "unlisted firm scored >= 0.35: $(cat links.csv)"
awk -F, '$1 == 4 && $3 == 1 && $4 > 0.99 { ok = 1 } END { exit !ok }' links.csv || fail "exact name does not score > 0.99"
# With id columns the ids are the stock codes.
"$T" -q link left.csv "$FIRMS" --left-name name --right-name fullname --right-id ts_code --out codes.csv || fail "link --right-id"
grep -q "^1,000001.SZ,1," codes.csv || fail "--right-id: $(cat codes.csv)"
out=$("$T" link left.csv "$FIRMS" --left-name nom --right-name fullname --out x.csv 2>&1) && fail "unknown column accepted"
echo "$out" | grep -q "no column 'nom'" || fail "unknown column message: $out"

# --- eval of the link output: row 1 and 2 right, the unlisted firm has no partner.
cat > truth.csv <<EOF
left_id,right_id,label
1,1,1
2,$gree_row,1
3,2,0
EOF
out=$("$T" match eval --truth truth.csv --links links.csv --min-score 0.5) || fail "match eval --links: $out"
echo "$out" | grep -q "precision 1.0000 (2 of 2 links right), recall 1.0000 (2 of 2 true pairs found), F1 1.0000" \
  || fail "match eval --links: $out"
# A wrong truth makes an error case appear.
printf 'left_id,right_id\n1,2\n' > wrong.csv
out=$("$T" match eval --truth wrong.csv --links links.csv) || fail "match eval wrong truth"
echo "$out" | grep -q "precision 0.0000" || fail "wrong truth precision: $out"
echo "$out" | grep -q "wrong   1 -> 1 score" || fail "wrong truth error case: $out"

# --- match on a store.
"$T" -q --db s.db init || fail "init"
"$T" -q --db s.db import firms "$FIRMS" > /dev/null || fail "import firms"
"$T" -q --db s.db sql "INSERT INTO observations(obs_id, kind, source, entity_name, observed_at) VALUES
  (1, 'membership', 'test', 'Ping An Bank Co., Ltd.', '2021-06-01'),
  (2, 'icp', 'test', '万科企业股份有限公司', '2021-06-01'),
  (3, 'icp', 'test', '北京字节跳动科技有限公司', '2021-06-01'),
  (4, 'membership', 'test', 'Qixin Group', '2021-06-01')" > /dev/null || fail "insert observations"
out=$("$T" --db s.db match --review review.csv) || fail "match: $out"
echo "$out" | grep -q "linked 4 observations" || fail "match summary: $out"
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM links WHERE decision = 'match' AND firm_id IN ('000001.SZ', '000002.SZ')" | tail -1)
[ "$n" = 2 ] || fail "Ping An and Vanke should be matched: $("$T" --db s.db sql "SELECT * FROM links")"
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM links WHERE obs_id = 3 AND decision <> 'nonmatch'" | tail -1)
[ "$n" = 0 ] || fail "the unlisted firm is linked: $("$T" --db s.db sql "SELECT * FROM links WHERE obs_id = 3")"
head -1 review.csv | grep -q "obs_id,kind,source,entity_name,rank,firm_id,firm_name,score,decision,label" \
  || fail "review header: $(head -1 review.csv)"
# Re-running links nothing new.
out=$("$T" --db s.db match) || fail "second match"
echo "$out" | grep -q "linked 0 observations" || fail "second match: $out"
# Thresholds: a review level above the accept level is refused before anything is linked; a
# stricter --en-accept holds the English name for review that the default accepted.
out=$("$T" --db s.db match --accept 0.5 --review-below 0.7 2>&1) && fail "--review-below above --accept accepted"
echo "$out" | grep -q "review level 0.7 is above the accept level 0.5" || fail "threshold message: $out"
"$T" -q --db s2.db init && "$T" -q --db s2.db import firms "$FIRMS" > /dev/null || fail "second store"
# Not the firm's own English name ("Gree Electric Appliances,Inc. of Zhuhai"): aligned, ~0.96.
insert_gree() {
  "$T" -q --db s2.db sql "INSERT INTO observations(obs_id, kind, source, entity_name, observed_at) VALUES
    ($1, 'membership', 'test', 'Zhuhai Gree Electric Appliances Co Ltd', '2021-06-01')" > /dev/null || fail "insert into s2"
}
insert_gree 1
"$T" -q --db s2.db match > /dev/null 2>&1 || fail "match on s2"
d=$("$T" --db s2.db sql --csv "SELECT decision FROM links WHERE obs_id = 1" | tail -1)
[ "$d" = match ] || fail "the aligned English name should be accepted by default, got '$d'"
insert_gree 2
"$T" -q --db s2.db match --en-accept 1 > /dev/null 2>&1 || fail "match --en-accept 1"
d=$("$T" --db s2.db sql --csv "SELECT decision FROM links WHERE obs_id = 2" | tail -1)
[ "$d" = review ] || fail "--en-accept 1 should hold the English name for review, got '$d'"
"$T" -q --db s2.db sql --csv "SELECT spec FROM runs WHERE command = 'match'" | grep -q "en_accept=1" \
  || fail "the run does not record its thresholds: $("$T" --db s2.db sql "SELECT * FROM runs")"

# --- eval of the store: the matcher's links against truth (clerical links are not scored).
printf 'obs_id,firm_id\n1,000001.SZ\n2,000002.SZ\n' > store_truth.csv
out=$("$T" --db s.db match eval --truth store_truth.csv) || fail "match eval: $out"
echo "$out" | grep -q "precision 1.0000 (2 of 2 links right)" || fail "match eval store: $out"
# --- a person's labels take precedence over the matcher.
printf 'obs_id,firm_id,label\n1,000001.SZ,0\n3,000002.SZ,1\n' > labels.csv
out=$("$T" --db s.db match labels labels.csv) || fail "match labels: $out"
echo "$out" | grep -q "stored 2 labels" || fail "match labels: $out"
d=$("$T" --db s.db sql --csv "SELECT decision || '/' || method FROM links WHERE obs_id = 1 AND firm_id = '000001.SZ'" | tail -1)
[ "$d" = "nonmatch/clerical" ] || fail "label 0 not stored: $d"
printf 'obs_id,firm_id,label\n1,000001.SZ,x\n' > bad.csv
out=$("$T" --db s.db match labels bad.csv 2>&1) && fail "bad label accepted"
echo "$out" | grep -q "bad.csv:2: label 'x'" || fail "bad label message: $out"

echo "ok"
