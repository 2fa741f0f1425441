#!/usr/bin/env python3
"""Writes the FICTIONAL demo returns in seed-data/demo/ for the partnership's local measures.

Every figure written here is invented. The home area is Brighton and Hove (E06000043, old code 846,
South East E12000008) only because it is the demo partnership's area; none of these numbers comes from
Brighton and Hove or from anyone else. They are sized to look plausible beside the real published figures
(about 1,900-2,600 EHC plans over the period) and drift in a visible direction with some noise.

The files follow the explore-education-statistics (EES) tidy layout: time and geography columns, then filters,
then indicators, with numerator and denominator count columns next to each rate. Each data file gets a .meta.csv.
A breakdown's counts add up to its Total row; some breakdown counts are 1-4 on purpose, so suppression has work to do.

Deterministic: a fixed seed, so running it again rewrites byte-identical files.
    python3 seed-data/tools/make_demo_returns.py [output folder, default seed-data/demo]
"""
import csv
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'demo')
SEED = 846_2025

GEO = ['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name',
       'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name']
HOME = ['Local authority', 'E92000001', 'England', 'E12000008', 'South East', '846', 'E06000043', 'Brighton and Hove']

ACADEMIC = [('202021', 'Academic year'), ('202122', 'Academic year'), ('202223', 'Academic year'),
            ('202324', 'Academic year'), ('202425', 'Academic year')]
FINANCIAL = [(p, 'Financial year') for p, _ in ACADEMIC]
CALENDAR = [(str(y), 'Calendar year') for y in range(2021, 2026)]

rng = random.Random(SEED)


def lerp(start, end, t, noise=0.0):
    """A straight trend from start to end over the five years (t = 0..4), plus gaussian noise."""
    return start + (end - start) * t / 4 + (rng.gauss(0, noise) if noise else 0)


def part(whole, share):
    """A count drawn around share × whole, never below 0 or above whole."""
    if whole <= 0:
        return 0
    expected = whole * min(max(share, 0.0), 1.0)
    spread = max(0.6, (expected * (1 - min(max(share, 0.0), 1.0))) ** 0.5)
    return int(min(whole, max(0, round(rng.gauss(expected, spread)))))


def pick(groups, k):
    """Chooses k people among groups [(label, size, weight)], more often from heavier groups and never from a weight-0 one
    (weighted sampling without replacement): returns how many were chosen in each group."""
    people = [(rng.random() ** (1 / w) if w > 0 else -1.0, label) for label, size, w in groups for _ in range(size)]
    chosen = sorted(people, reverse=True)[:k]
    return {label: sum(1 for key, l in chosen if l == label and key >= 0) for label, _, _ in groups}


def pc(num, den):
    """A percentage to one decimal place; z (not applicable) when there is nobody to count."""
    return 'z' if den == 0 else f'{100 * num / den:.1f}'


def write(name, filters, indicators, rows, meta):
    """rows: (time_period, time_identifier, {column: value}); meta: [(column, label, unit, dp)] for the indicators."""
    os.makedirs(OUT, exist_ok=True)
    header = GEO + filters + indicators
    with open(os.path.join(OUT, name + '.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for period, identifier, values in rows:
            w.writerow([period, identifier] + HOME + [values[c] for c in filters + indicators])
    with open(os.path.join(OUT, name + '.meta.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['col_name', 'col_type', 'label', 'indicator_grouping', 'indicator_unit', 'indicator_dp', 'filter_hint', 'filter_grouping_column'])
        for column, label, hint in filter_meta.get(name, []):
            w.writerow([column, 'Filter', label, '', '', '', hint, ''])
        for column, label, unit, dp in meta:
            w.writerow([column, 'Indicator', label, '', unit, dp, '', ''])


filter_meta = {}

# ---------------------------------------------------------------------------------------------------------
# 1. EHC plan annual reviews, by age band (council casework system), academic years.
#    Reviews due grow with the caseload; on-time reviews dip in 2021/22 and then recover; reviews from
#    Year 9 (age 14) with a Preparing-for-Adulthood focus improve steadily. Under 14: the PfA measure is z.
# ---------------------------------------------------------------------------------------------------------
BANDS = [('Under 14', 0.58, 0.00), ('14 to 16', 0.19, -6.0), ('17 to 19', 0.16, 5.0), ('20 to 25', 0.07, 1.0)]
on_time_trend = [47.0, 43.5, 52.0, 60.5, 67.0]
rows = []
for t, (period, ident) in enumerate(ACADEMIC):
    due_total = round(1690 * 1.085 ** t + rng.gauss(0, 20))
    total = dict(reviews_due=0, reviews_on_time=0, reviews_held_14_plus=0, reviews_pfa_focus=0)
    band_rows = []
    for band, share, pfa_shift in BANDS:
        due = round(due_total * share + rng.gauss(0, 6))
        on_time = part(due, (on_time_trend[t] + rng.gauss(0, 3)) / 100)
        v = dict(age_band=band, reviews_due=due, reviews_on_time=on_time, reviews_on_time_pc=pc(on_time, due))
        total['reviews_due'] += due
        total['reviews_on_time'] += on_time
        if band == 'Under 14':
            v.update(reviews_held_14_plus='z', reviews_pfa_focus='z', reviews_pfa_focus_pc='z')
        else:
            held = part(due, 0.93)
            focus = part(held, (lerp(40, 72, t, 2.5) + pfa_shift) / 100)
            v.update(reviews_held_14_plus=held, reviews_pfa_focus=focus, reviews_pfa_focus_pc=pc(focus, held))
            total['reviews_held_14_plus'] += held
            total['reviews_pfa_focus'] += focus
        band_rows.append(v)
    rows.append((period, ident, dict(age_band='Total', **total,
                                     reviews_on_time_pc=pc(total['reviews_on_time'], total['reviews_due']),
                                     reviews_pfa_focus_pc=pc(total['reviews_pfa_focus'], total['reviews_held_14_plus']))))
    rows += [(period, ident, v) for v in band_rows]
filter_meta['annual_reviews'] = [('age_band', 'Age at the review', 'Age of the child or young person on the date the review fell due')]
write('annual_reviews', ['age_band'],
      ['reviews_due', 'reviews_on_time', 'reviews_on_time_pc', 'reviews_held_14_plus', 'reviews_pfa_focus', 'reviews_pfa_focus_pc'],
      rows,
      [('reviews_due', 'Annual reviews due', '', 0),
       ('reviews_on_time', 'Annual reviews completed on time', '', 0),
       ('reviews_on_time_pc', 'Annual reviews completed on time (%)', '%', 1),
       ('reviews_held_14_plus', 'Annual reviews held, Year 9 and above', '', 0),
       ('reviews_pfa_focus', 'Reviews with a Preparing-for-Adulthood focus', '', 0),
       ('reviews_pfa_focus_pc', 'Reviews with a Preparing-for-Adulthood focus (%)', '%', 1)])

# ---------------------------------------------------------------------------------------------------------
# 2. Young adults aged 18 to 25 with an EHC plan: paid work and living arrangements, by primary need.
#    Small groups give counts of 1-4; nobody with profound and multiple learning difficulties is in paid work.
# ---------------------------------------------------------------------------------------------------------
NEEDS = [  # (primary need, share of the 18-25 caseload, paid work % start→end, living independently % start→end)
    ('Autistic spectrum disorder', 0.31, (6.0, 11.5), (8.0, 13.0)),
    ('Moderate learning difficulty', 0.14, (8.0, 13.0), (11.0, 16.0)),
    ('Severe learning difficulty', 0.12, (1.5, 4.5), (6.0, 10.0)),
    ('Profound and multiple learning difficulty', 0.04, (0.0, 0.0), (0.0, 4.0)),
    ('Social, emotional and mental health', 0.15, (4.5, 8.5), (12.0, 17.0)),
    ('Speech, language and communication needs', 0.10, (7.0, 12.0), (10.0, 15.0)),
    ('Physical disability', 0.05, (5.0, 10.0), (9.0, 14.0)),
    ('Sensory impairment', 0.04, (8.0, 14.0), (14.0, 19.0)),
    ('Other difficulty or disability', 0.05, (5.0, 9.0), (9.0, 13.0)),
]
rows = []
for t, (period, ident) in enumerate(ACADEMIC):
    caseload = round(430 * 1.095 ** t + rng.gauss(0, 8))
    sizes = [(need, max(3, round(caseload * share + rng.gauss(0, 3))), work, living) for need, share, work, living in NEEDS]
    # The year's totals follow the trend; who they are is drawn person by person, so small groups scatter naturally.
    working = pick([(need, n, lerp(*work, t)) for need, n, work, _ in sizes],
                   round(sum(n * lerp(*work, t) for _, n, work, _ in sizes) / 100 + rng.gauss(0, 1.5)))
    independent = pick([(need, n, lerp(*living, t)) for need, n, _, living in sizes],
                       round(sum(n * lerp(*living, t) for _, n, _, living in sizes) / 100 + rng.gauss(0, 1.5)))
    need_rows, tot = [], dict(young_adults_ehcp=0, in_paid_work=0, living_independently=0)
    for need, n, _, _ in sizes:
        w, li = working[need], independent[need]
        need_rows.append(dict(primary_need=need, young_adults_ehcp=n, in_paid_work=w, in_paid_work_pc=pc(w, n),
                              living_independently=li, living_independently_pc=pc(li, n)))
        tot['young_adults_ehcp'] += n
        tot['in_paid_work'] += w
        tot['living_independently'] += li
    rows.append((period, ident, dict(primary_need='Total', **tot,
                                     in_paid_work_pc=pc(tot['in_paid_work'], tot['young_adults_ehcp']),
                                     living_independently_pc=pc(tot['living_independently'], tot['young_adults_ehcp']))))
    rows += [(period, ident, v) for v in need_rows]
filter_meta['young_adults_18_25'] = [('primary_need', 'Primary need', 'Primary type of need recorded in the EHC plan')]
write('young_adults_18_25', ['primary_need'],
      ['young_adults_ehcp', 'in_paid_work', 'in_paid_work_pc', 'living_independently', 'living_independently_pc'],
      rows,
      [('young_adults_ehcp', 'Young adults aged 18 to 25 with an EHC plan', '', 0),
       ('in_paid_work', 'In paid work', '', 0),
       ('in_paid_work_pc', 'In paid work (%)', '%', 1),
       ('living_independently', 'Living independently or with support of their choosing', '', 0),
       ('living_independently_pc', 'Living independently or with support of their choosing (%)', '%', 1)])

# ---------------------------------------------------------------------------------------------------------
# 3. Supported internships, by primary need: starts, completions, and paid work six months after finishing.
#    2020/21 is low (placements paused in the pandemic), then the programme grows.
# ---------------------------------------------------------------------------------------------------------
INTERN_NEEDS = [('Autistic spectrum disorder', 0.38), ('Moderate learning difficulty', 0.27), ('Severe learning difficulty', 0.12),
                ('Speech, language and communication needs', 0.13), ('Other difficulty or disability', 0.10)]
starts_trend = [13, 17, 22, 27, 33]
work_trend = [34.0, 39.0, 46.0, 53.0, 59.0]
rows = []
for t, (period, ident) in enumerate(ACADEMIC):
    need_rows, tot = [], dict(internships_started=0, internships_completed=0, interns_in_paid_work=0)
    # One need per intern; the year's completions and job outcomes are then drawn among the interns, so the
    # Total follows the trend closely while the small groups scatter as small groups do.
    starts = starts_trend[t] + round(rng.gauss(0, 1))
    interns = rng.choices([need for need, _ in INTERN_NEEDS], weights=[share for _, share in INTERN_NEEDS], k=starts)
    completers = rng.sample(interns, round(starts * rng.uniform(0.80, 0.90)))
    in_work = rng.sample(completers, round(len(completers) * (work_trend[t] + rng.gauss(0, 2)) / 100))
    for need, _ in INTERN_NEEDS:
        s, c, w = interns.count(need), completers.count(need), in_work.count(need)
        need_rows.append(dict(primary_need=need, internships_started=s, internships_completed=c,
                              interns_in_paid_work=w, interns_in_paid_work_pc=pc(w, c)))
        tot['internships_started'] += s
        tot['internships_completed'] += c
        tot['interns_in_paid_work'] += w
    rows.append((period, ident, dict(primary_need='Total', **tot,
                                     interns_in_paid_work_pc=pc(tot['interns_in_paid_work'], tot['internships_completed']))))
    rows += [(period, ident, v) for v in need_rows]
filter_meta['supported_internships'] = [('primary_need', 'Primary need', 'Primary type of need recorded in the EHC plan')]
write('supported_internships', ['primary_need'],
      ['internships_started', 'internships_completed', 'interns_in_paid_work', 'interns_in_paid_work_pc'],
      rows,
      [('internships_started', 'Supported internships started', '', 0),
       ('internships_completed', 'Supported internships completed', '', 0),
       ('interns_in_paid_work', 'In paid work six months after finishing', '', 0),
       ('interns_in_paid_work_pc', 'In paid work six months after finishing (%)', '%', 1)])

# ---------------------------------------------------------------------------------------------------------
# 4. Independence and short breaks (children's and adult social care), financial years.
# ---------------------------------------------------------------------------------------------------------
rows = []
travel = [21, 36, 42, 47, 55]  # 2020/21: little travel training during lockdowns
for t, (period, ident) in enumerate(FINANCIAL):
    yp = round(790 * 1.09 ** t + rng.gauss(0, 10))
    pb = part(yp, lerp(3.0, 7.6, t, 0.4) / 100)
    rows.append((period, ident, dict(
        young_people_14_25_ehcp=yp, personal_budget_14_25=pb, personal_budget_14_25_pc=pc(pb, yp),
        travel_training_completed=travel[t] + round(rng.gauss(0, 2)),
        short_breaks_users=round(lerp(688, 772, t, 9)))))
write('independence_support', [],
      ['young_people_14_25_ehcp', 'personal_budget_14_25', 'personal_budget_14_25_pc', 'travel_training_completed', 'short_breaks_users'],
      rows,
      [('young_people_14_25_ehcp', 'Young people aged 14 to 25 with an EHC plan', '', 0),
       ('personal_budget_14_25', 'Of whom with a personal budget', '', 0),
       ('personal_budget_14_25_pc', 'With a personal budget (%)', '%', 1),
       ('travel_training_completed', 'Young people completing independent travel training', '', 0),
       ('short_breaks_users', 'Disabled children and young people using short breaks', '', 0)])

# ---------------------------------------------------------------------------------------------------------
# 5. Annual health checks for people aged 14 and over on the GP learning disability register, by age band
#    (integrated care board return), financial years. The 14-17 group starts lowest and improves fastest.
# ---------------------------------------------------------------------------------------------------------
AHC = [('14 to 17', 205, (37.0, 63.0)), ('18 to 25', 415, (54.0, 70.0)), ('26 and over', 1640, (67.0, 78.0))]
rows = []
for t, (period, ident) in enumerate(FINANCIAL):
    band_rows, reg_total, done_total = [], 0, 0
    for band, base, (start, end) in AHC:
        reg = round(base * 1.03 ** t + rng.gauss(0, 4))
        done = part(reg, lerp(start, end, t, 2.0) / 100)
        band_rows.append(dict(age_band=band, ld_register=reg, health_checks_done=done, health_checks_pc=pc(done, reg)))
        reg_total += reg
        done_total += done
    rows.append((period, ident, dict(age_band='Total', ld_register=reg_total, health_checks_done=done_total,
                                     health_checks_pc=pc(done_total, reg_total))))
    rows += [(period, ident, v) for v in band_rows]
filter_meta['health_checks_ld'] = [('age_band', 'Age band', 'Age at the end of the financial year')]
write('health_checks_ld', ['age_band'], ['ld_register', 'health_checks_done', 'health_checks_pc'], rows,
      [('ld_register', 'People aged 14 and over on the GP learning disability register', '', 0),
       ('health_checks_done', 'Annual health checks completed', '', 0),
       ('health_checks_pc', 'Annual health checks completed (%)', '%', 1)])

# ---------------------------------------------------------------------------------------------------------
# 6. Health transitions and the health contribution to EHC assessments (integrated care board), financial years.
#    Neurodevelopmental waits lengthen, then ease a little; the other two improve.
# ---------------------------------------------------------------------------------------------------------
rows = []
waits = [37, 46, 57, 66, 61]
for t, (period, ident) in enumerate(FINANCIAL):
    cohort = round(44 + 2 * t + rng.gauss(0, 3))
    plans = part(cohort, lerp(29.0, 71.0, t, 3.0) / 100)
    requests = round(330 * 1.08 ** t + rng.gauss(0, 12))
    on_time = part(requests, lerp(61.0, 88.0, t, 2.5) / 100)
    rows.append((period, ident, dict(
        turned_17_health_needs=cohort, transition_plan_by_17=plans, transition_plan_by_17_pc=pc(plans, cohort),
        nd_median_wait_weeks=waits[t] + round(rng.gauss(0, 1.5)),
        health_advice_requests=requests, health_advice_6_weeks=on_time, health_advice_6_weeks_pc=pc(on_time, requests))))
write('health_transitions', [],
      ['turned_17_health_needs', 'transition_plan_by_17', 'transition_plan_by_17_pc', 'nd_median_wait_weeks',
       'health_advice_requests', 'health_advice_6_weeks', 'health_advice_6_weeks_pc'],
      rows,
      [('turned_17_health_needs', 'Young people with an EHC plan and ongoing health needs who turned 17', '', 0),
       ('transition_plan_by_17', 'Of whom with a health transition plan', '', 0),
       ('transition_plan_by_17_pc', 'With a health transition plan by 17 (%)', '%', 1),
       ('nd_median_wait_weeks', 'Median wait for a neurodevelopmental assessment (weeks)', 'weeks', 0),
       ('health_advice_requests', 'Requests for health advice for EHC needs assessments', '', 0),
       ('health_advice_6_weeks', 'Health advice returned within 6 weeks', '', 0),
       ('health_advice_6_weeks_pc', 'Health advice returned within 6 weeks (%)', '%', 1)])

# ---------------------------------------------------------------------------------------------------------
# 7. Surveys: the parent carer forum's annual survey and the young people's survey, calendar years.
# ---------------------------------------------------------------------------------------------------------
rows = []
parent_n = [212, 247, 196, 281, 304]
yp_n = [86, 103, 95, 129, 141]
for t, (period, ident) in enumerate(CALENDAR):
    p, y = parent_n[t], yp_n[t]
    listened = part(p, lerp(41.0, 58.0, t, 2.0) / 100)
    friends = part(y, lerp(60.0, 70.0, t, 2.5) / 100)
    activities = part(y, lerp(37.0, 52.0, t, 2.5) / 100)
    rows.append((period, ident, dict(
        parent_respondents=p, parents_listened_to=listened, parents_listened_to_pc=pc(listened, p),
        yp_respondents=y, yp_have_friends=friends, yp_have_friends_pc=pc(friends, y),
        yp_community_activities=activities, yp_community_activities_pc=pc(activities, y))))
write('voice_surveys', [],
      ['parent_respondents', 'parents_listened_to', 'parents_listened_to_pc', 'yp_respondents',
       'yp_have_friends', 'yp_have_friends_pc', 'yp_community_activities', 'yp_community_activities_pc'],
      rows,
      [('parent_respondents', 'Parents and carers responding', '', 0),
       ('parents_listened_to', 'Agreed that professionals listened to them', '', 0),
       ('parents_listened_to_pc', 'Agreed that professionals listened to them (%)', '%', 1),
       ('yp_respondents', 'Young people responding', '', 0),
       ('yp_have_friends', 'Said they have friends they see outside school, college or work', '', 0),
       ('yp_have_friends_pc', 'Said they have friends they see outside school, college or work (%)', '%', 1),
       ('yp_community_activities', 'Said they regularly take part in activities they chose', '', 0),
       ('yp_community_activities_pc', 'Said they regularly take part in activities they chose (%)', '%', 1)])

print(f'wrote 7 fictional demo returns (and their .meta.csv) to {os.path.normpath(OUT)}')
