#!/usr/bin/env bash
# tradedig panel-ids on three small yearly firm files (one of them GBK, one with an extra column):
# a renamed firm (id pass), a renumbered firm (name pass), a firm absent in 2005 (gap link), a firm
# found only by its phone, an entrant; then the errors a user meets.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
cat > cie2004.csv <<'CSV'
法人代码,企业名称,法定代表人,行政区划代码,开业年份,电话号码
100001,杭州海天电子有限公司,张明,330106,1995,0571-88001111
200001,宁波东方纺织厂,李强,330203,1988,0574-87002222
500001,苏州吴中五金厂,赵刚,320506,1999,0512-66005555
700001,温州市瓯海制鞋厂,黄海,330304,2001,0577-86007777
CSV
cat > utf8_2005.csv <<'CSV'
法人代码,企业名称,法定代表人,行政区划代码,开业年份,电话号码
100001,杭州海天科技有限公司,张明,330106,1995,0571-88001111
200999,宁波东方纺织厂,李强,330203,1988-05-01,0574-87002222
700777,温州鹿城鞋业有限公司,吴芳,330304,2001,86007777
CSV
iconv -f UTF-8 -t GBK utf8_2005.csv > cie2005.csv || fail "iconv"
rm utf8_2005.csv
cat > cie2006.csv <<'CSV'
企业名称,法人代码,从业人数,法定代表人,行政区划代码,开业年份,电话号码
杭州海天科技有限公司,100001,120,张明,330106,1995,0571-88001111
宁波东方纺织厂,200999,80,李强,330203,1988,0574-87002222
苏州吴中五金厂,500001,35,赵刚,320506,1999,0512-66005555
温州鹿城鞋业有限公司,700777,60,吴芳,330304,2001,86007777
成都锦江电器厂,900001,15,孙丽,510104,2005,028-86009999
CSV
cols=(--id 法人代码 --name 企业名称 --legal-rep 法定代表人 --region 行政区划代码 --founded 开业年份 --phone 电话号码)

expect 0 "Example" -- "$T" panel-ids --help
# Files in any order; the years come from the names.
expect 0 "12 rows, 5 panel ids" -- "$T" panel-ids cie2006.csv cie2004.csv cie2005.csv "${cols[@]}" \
  --out panel.csv --summary summary.csv
echo "$out" | grep -q "2004→2006" || fail "summary lacks the gap pair: $out"
head -1 panel.csv | grep -q '^panel_id,panel_year,panel_pass,panel_from_year,panel_file,panel_row,法人代码,企业名称,法定代表人,行政区划代码,开业年份,电话号码,从业人数$' \
  || fail "panel.csv header: $(head -1 panel.csv)"
[ "$(wc -l < panel.csv)" = 13 ] || fail "panel.csv should have a header and 12 rows"
row() { grep -q "^$1" panel.csv || fail "panel.csv lacks a row starting '$1':
$(cat panel.csv)"; }
row "1,2004,,,cie2004.csv,2,100001,杭州海天电子有限公司,"
row "1,2005,id,2004,cie2005.csv,2,100001,杭州海天科技有限公司,"        # renamed: same id
row "2,2005,name,2004,cie2005.csv,3,200999,宁波东方纺织厂,李强,330203,1988-05-01,"  # renumbered, GBK read
row "3,2006,id,2004,cie2006.csv,4,500001,苏州吴中五金厂,"              # absent in 2005: gap link
row "4,2005,phone_region,2004,cie2005.csv,4,700777,"                    # new id, name and legal rep
row "5,2006,,,cie2006.csv,6,900001,成都锦江电器厂,孙丽,510104,2005,028-86009999,15"  # entrant
grep -q '^2004,2005,1,name,1,0$' summary.csv || fail "summary.csv: $(cat summary.csv)"
grep -q '^2004,2006,2,id,1,0$' summary.csv || fail "summary.csv: $(cat summary.csv)"

# Consecutive years only: the firm absent in 2005 gets a second id.
expect 0 "12 rows, 6 panel ids" -- "$T" panel-ids cie2004.csv cie2005.csv cie2006.csv "${cols[@]}" --max-gap 1 --out p1.csv

# Errors: a bad founding year names file, line and column; nothing is written.
sed 's/,1988,/,19x8,/' cie2006.csv > bad2006.csv
expect 1 "bad2006.csv:3: column 开业年份: '19x8' is not a founding year" -- \
  "$T" panel-ids cie2004.csv bad2006.csv "${cols[@]}" --out bad.csv
[ ! -e bad.csv ] && [ ! -e bad.csv.partial ] || fail "a failed run left an output file"
expect 1 "cie2004.csv has no column '手机' (asked for by --phone)" -- "$T" panel-ids cie2004.csv cie2005.csv --id 法人代码 --name 企业名称 \
  --phone 手机 --out x.csv
printf '法人代码,企业名称,法定代表人,行政区划代码,开业年份,电话号码\n1,甲厂\n' > short2007.csv
expect 1 "short2007.csv:2: column 法定代表人: the row has 2 fields but the header has 6 columns" -- \
  "$T" panel-ids cie2006.csv short2007.csv "${cols[@]}" --out x.csv
cp cie2004.csv firms_a.csv
expect 1 "cannot tell the year of firms_a.csv" -- "$T" panel-ids firms_a.csv cie2005.csv "${cols[@]}" --out x.csv
expect 0 "2 files (2003-2005)" -- "$T" panel-ids firms_a.csv cie2005.csv "${cols[@]}" --years 2003,2005 --out x.csv
expect 1 "both for 2004" -- "$T" panel-ids cie2004.csv firms_a.csv "${cols[@]}" --years 2004,2004 --out x.csv
echo "ok"
