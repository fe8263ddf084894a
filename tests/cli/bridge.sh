#!/usr/bin/env bash
# tradedig bridge: Chinese names (A) → a registry of Chinese/English pairs (B, GBK) → English names
# (C). A one-to-one chain, an English name registered for two firms (ambiguous), a firm with no
# registry row, a registry name missing from C; then the errors a user meets.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
cat > customs.csv <<'CSV'
企业编码,企业名称
C01,佛山市海天调味食品股份有限公司
C02,宁波东方纺织品进出口有限公司
C03,宁波东方服装进出口有限公司
C04,成都锦江电器厂
C05,天津滨海化工有限公司
CSV
cat > utf8_registry.csv <<'CSV'
经营单位名称,英文名称
佛山市海天調味食品股份有限公司,"Foshan Haitian Flavouring and Food Co., Ltd."
宁波东方纺织品进出口有限公司,"Ningbo Orient Import & Export Co., Ltd."
宁波东方服装进出口有限公司,"Ningbo Orient Import & Export Co., Ltd."
天津滨海化工有限公司,"Tianjin Binhai Chemical Co., Ltd."
CSV
iconv -f UTF-8 -t GBK utf8_registry.csv > registry.csv || fail "iconv"
cat > platform.csv <<'CSV'
supplier_id,company_name
P1,FOSHAN HAITIAN FLAVOURING & FOOD CO LTD
P2,"Ningbo Orient Imp. & Exp. Co., Ltd."
P3,Hangzhou Haitian Electronics Co. Ltd.
CSV
args=(customs.csv registry.csv platform.csv --a-key 企业名称 --b-keys 经营单位名称,英文名称 --c-key company_name
      --a-id 企业编码 --c-id supplier_id)

expect 0 "Example" -- "$T" bridge --help
expect 0 "one-to-one links: 1" -- "$T" bridge "${args[@]}" --out links.csv
echo "$out" | grep -q "ambiguous links: 2 (0 from an A row reaching several C rows, 2 to a C row reached by several A rows)" \
  || fail "summary: $out"
echo "$out" | grep -q "A rows with no bridge row: 1; with bridge rows but no C match: 1" || fail "summary: $out"
head -1 links.csv | grep -q '^a_row,a_id,a_key,b_row,b_key_a,b_key_c,c_row,c_id,c_key,a_join,c_join,status,ambiguity,c_count,a_count$' \
  || fail "links.csv header: $(head -1 links.csv)"
[ "$(wc -l < links.csv)" = 6 ] || fail "links.csv should have a header and 5 lines: $(cat links.csv)"
line() { grep -qF -- "$1" links.csv || fail "links.csv lacks '$1':
$(cat links.csv)"; }
# The registry writes 調 (traditional): the normalised join; the English names differ in spelling only.
line '2,C01,佛山市海天调味食品股份有限公司,2,佛山市海天調味食品股份有限公司,"Foshan Haitian Flavouring and Food Co., Ltd.",2,P1,FOSHAN HAITIAN FLAVOURING & FOOD CO LTD,normalized,normalized,linked,,1,1'
line '3,C02,宁波东方纺织品进出口有限公司,3,宁波东方纺织品进出口有限公司,"Ningbo Orient Import & Export Co., Ltd.",3,P2,"Ningbo Orient Imp. & Exp. Co., Ltd.",exact,normalized,ambiguous,several_a,1,2'
line '4,C03,宁波东方服装进出口有限公司,4,'
line '5,C04,成都锦江电器厂,,,,,,,,,no_bridge_row,,0,'
line '6,C05,天津滨海化工有限公司,,,,,,,,,no_c_match,,0,'

# Errors.
expect 1 "--b-keys takes two columns" -- "$T" bridge customs.csv registry.csv platform.csv --a-key 企业名称 \
  --b-keys 经营单位名称 --c-key company_name --out x.csv
expect 1 "registry.csv has no column 'English'" -- "$T" bridge customs.csv registry.csv platform.csv \
  --a-key 企业名称 --b-keys 经营单位名称,English --c-key company_name --out x.csv
printf 'id,name\n1,"unclosed\n' > broken.csv
expect 1 "broken.csv:2: a quoted field is never closed" -- "$T" bridge broken.csv registry.csv platform.csv \
  --a-key name --b-keys 经营单位名称,英文名称 --c-key company_name --out x.csv
[ ! -e x.csv ] || fail "a failed run left an output file"
echo "ok"
