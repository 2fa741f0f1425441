#!/usr/bin/env python3
"""Derives seed-data/areas.csv from the real DfE EES files (kept beside the project in shared/data/real).

Run once by a developer when the source files change; the app itself only reads areas.csv.
Every LA code pair (new GSS code, old three-digit code), name and region seen in any file is kept;
the most recent time_period wins for names, and every other name a file (or DfE's statistical-neighbour models, by
three-digit number) gives the same code is kept in other_names (pipe-separated), so a return that names the council as another DfE file does is recognised. An LA is 'current' when it appears in DfE's
May 2025 statistical-neighbour model (the post-April-2023 set of 153 councils).
"""
import csv, glob, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/data/real')
las, regions, names = {}, {}, {}
for path in sorted(glob.glob(os.path.join(src, 'ees', '*.csv'))):
    if path.endswith('.meta.csv'):
        continue
    with open(path, encoding='utf-8-sig', newline='') as f:
        for row in csv.DictReader(f):
            row = {k.strip().lower(): (v or '').strip() for k, v in row.items() if k}
            level = row.get('geographic_level', '')
            year = row.get('time_period', '0')[:4]
            if row.get('region_code', '').startswith('E12'):
                regions[row['region_code']] = row['region_name']
            if level == 'Local authority' and row.get('new_la_code', '').startswith('E'):
                key = row['new_la_code']
                names.setdefault(key, set()).add(row['la_name'])
                if key not in las or las[key]['year'] <= year:
                    las[key] = dict(year=year, old=row.get('old_la_code', ''), name=row['la_name'], region=row.get('region_code', ''))

with open(os.path.join(src, 'reference', 'statistical_neighbours.csv'), encoding='utf-8-sig', newline='') as f:
    current_old = {r['old_la_code'].strip() for r in csv.DictReader(f)}

# DfE's statistical-neighbour models name councils by their three-digit number, some differently ('Durham',
# 'Bedford Borough', 'Herefordshire', 'Dorset (Pre LG)'): those names are other names of every code with that number.
for name, old_col, name_col in [('statistical_neighbours.csv', 'old_la_code', 'la_name'), ('statistical_neighbours_april2021.csv', 'LA num', 'LA Name')]:
    with open(os.path.join(src, 'reference', name), encoding='utf-8-sig', newline='') as f:
        for r in csv.DictReader(f):
            old, la_name = (r.get(old_col) or '').strip(), (r.get(name_col) or '').strip()
            for code, la in las.items():
                if old and la_name and la['old'] == old:
                    names[code].add(la_name)

# A council that kept its three-digit number but got a new GSS code (Gateshead 2013, Buckinghamshire 2020,
# North Yorkshire and Somerset 2023, Northumberland) is current only under its newest code.
newest = {}
for code, la in las.items():
    if la['old'] not in newest or las[newest[la['old']]]['year'] < la['year']:
        newest[la['old']] = code

out = os.path.join(os.path.dirname(__file__), '..', 'areas.csv')
with open(out, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['code', 'old_code', 'name', 'region_code', 'kind', 'is_current', 'other_names'])
    w.writerow(['E92000001', '', 'England', '', 'Country', 'true', ''])
    for code, name in sorted(regions.items()):
        w.writerow([code, '', name, 'E92000001', 'Region', 'true', ''])
    for code, la in sorted(las.items()):
        other = '|'.join(sorted(n for n in names[code] if n and n != la['name']))
        w.writerow([code, la['old'], la['name'], la['region'], 'LocalAuthority',
                    'true' if la['old'] in current_old and newest[la['old']] == code else 'false', other])
missing = current_old - {la['old'] for la in las.values()}
print(f'{len(regions)} regions, {len(las)} LAs, {sum(la["old"] in current_old and newest[la["old"]] == c for c, la in las.items())} current; missing current: {sorted(missing)}')
