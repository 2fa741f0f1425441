using Npgsql;

namespace SendDashboard.Benchmarks.Dashboard;

/// <summary>
/// The baseline: the home-area dashboard's figures from one hand-written SQL statement through Npgsql, nothing else.
/// For every indicator (its catalogue entry, so cards without data are there too): the latest period the area has a
/// total for, the area's figure, England, the region, the mean of the statistical neighbours with a figure (and how
/// many), the competition rank and band among local authorities with a shown figure (polarity-aware, on figures
/// rounded as shown), direction of travel against the previous period, target and milestone status, and the area's
/// last eight figures for the small trend. Live (committed) imports only; suppressed as the app suppresses.
/// </summary>
internal static class DashboardSql
{
    public sealed record Row(
        int IndicatorId, string Key, string Title, string Definition, string Unit, int Decimals, string Polarity, string OutcomeArea,
        string Source, bool IsPublished,
        string? LatestLabel, decimal? Value, string? Symbol, decimal? England, decimal? Region,
        decimal? NeighbourMean, int NeighboursWithData, int Neighbours,
        int? Rank, int? OutOf, int? Band, bool? IsJoint,
        string? Direction, string? TargetStatus, string? MilestoneStatus, decimal?[] Trend);

    // A stored figure as it may be shown (AreaFigures.Show with the Suppression rules): a source symbol withholds it, and
    // so does a rate's denominator of 0 (not applicable); a figure whose dataset is under the publisher's own disclosure
    // control is otherwise shown as published; a count above 0 and under the threshold is withheld; a rate whose numerator
    // or denominator is such a count is withheld.
    private static string Shown(string unit) => $"""
        case
          when o.symbol is not null then null
          when {unit} in ('Percent', 'RatePer10000') and o.denominator = 0 then null
          when o.import_id = any(array(select m.id from imports m join datasets d on d.id = m.dataset_id where d.publisher_suppressed)) then o.value
          when {unit} = 'Count' and o.value > 0 and o.value < @threshold then null
          when {unit} in ('Percent', 'RatePer10000')
               and (o.numerator > 0 and o.numerator < @threshold or o.denominator > 0 and o.denominator < @threshold) then null
          else o.value
        end
        """;

    // RAG against the latest period's target or milestone, compared as shown (both rounded to the indicator's decimals).
    private static string Assess(string kind) => $"""
        (select case
                  when l.shown is null then 'NoFigure'
                  when l.polarity = 'Neutral' then 'NoDirection'
                  when (case when l.polarity = 'HigherIsBetter' then -1 else 1 end) * (round(l.shown, l.decimals) - round(t.value, l.decimals)) <= 0 then 'OnTarget'
                  when (case when l.polarity = 'HigherIsBetter' then -1 else 1 end) * (round(l.shown, l.decimals) - round(t.value, l.decimals)) <= t.tolerance then 'WithinTolerance'
                  else 'OffTarget'
                end
         from targets t
         where t.indicator_id = l.indicator_id and t.area_code = @area and t.kind = '{kind}'
           and t.period_sort_key = l.period_sort_key and t.period_label = l.period_label
         order by t.id limit 1)
        """;

    public static readonly string Sql = $"""
        with own as (
          -- the area's totals for every period of every indicator, from live imports
          select o.indicator_id, i.unit, i.decimals, i.polarity, o.period_sort_key, o.period_label, o.symbol, {Shown("i.unit")} as shown,
                 lag({Shown("i.unit")}) over (partition by o.indicator_id order by o.period_sort_key, o.period_label collate "C") as previous,
                 row_number() over (partition by o.indicator_id order by o.period_sort_key desc, o.period_label collate "C" desc) as back
          from indicators i
          join observations o on o.indicator_id = i.id
          where o.import_id = any(array(select id from imports where status = 'Committed'))
            -- by indicator, so that each partition's (indicator, breakdown, period, area …) index is used, not a scan of it
            and o.indicator_id = any(array(select id from indicators))
            and o.breakdown_key = '' and o.area_code = @area
        ),
        latest as (
          select * from own where back = 1
        ),
        comparators as (
          -- one pass over every area's total in each indicator's latest period: England, region, the neighbours' mean,
          -- and the competition rank among local authorities with a shown figure (1 + how many read strictly better
          -- when rounded as shown), how many are ranked and how many share the area's figure
          select l.indicator_id,
                 max(p.shown) filter (where p.area_code = 'E92000001') as england,
                 max(p.shown) filter (where p.area_code = (select region_code from areas where code = @area)) as region,
                 avg(p.shown) filter (where p.neighbour) as neighbour_mean,
                 count(p.shown) filter (where p.neighbour) as neighbours_with_data,
                 count(p.shown) filter (where p.kind = 'LocalAuthority') as out_of,
                 count(*) filter (where p.kind = 'LocalAuthority' and case when l.polarity = 'HigherIsBetter'
                                                                           then round(p.shown, l.decimals) > round(l.shown, l.decimals)
                                                                           else round(p.shown, l.decimals) < round(l.shown, l.decimals) end) as better,
                 count(*) filter (where p.kind = 'LocalAuthority' and round(p.shown, l.decimals) = round(l.shown, l.decimals)) as sharing
          from latest l
          cross join lateral (
            -- neighbours and non-local-authorities (England and the regions) as short arrays worked out once: cheaper
            -- per row than a join to areas or statistical_neighbours, which the planner would probe row by row
            select o.area_code,
                   case when o.area_code = any(array(select code from areas where kind <> 'LocalAuthority')) then 'Other' else 'LocalAuthority' end as kind,
                   o.area_code = any(array(select neighbour_code from statistical_neighbours where area_code = @area)) as neighbour,
                   {Shown("l.unit")} as shown
            from observations o
            where o.indicator_id = l.indicator_id and o.breakdown_key = ''
              and o.period_sort_key = l.period_sort_key and o.period_label = l.period_label
              and o.import_id = any(array(select id from imports where status = 'Committed'))
          ) p
          group by l.indicator_id
        ),
        ranked as (
          select c.indicator_id, 1 + c.better as rank, c.out_of, c.sharing
          from comparators c join latest l on l.indicator_id = c.indicator_id
          where l.shown is not null and l.polarity <> 'Neutral' and (select kind from areas where code = @area) = 'LocalAuthority'
        ),
        trend as (
          select indicator_id, array_agg(shown order by back desc) as shown
          from own where back <= 8
          group by indicator_id
        )
        select i.id, i.key, i.title, i.definition, i.unit, i.decimals, i.polarity, i.outcome_area, i.source, i.is_published,
               l.period_label, l.shown, l.symbol, c.england, c.region,
               c.neighbour_mean, coalesce(c.neighbours_with_data, 0), (select count(*) from statistical_neighbours where area_code = @area),
               r.rank, r.out_of, 4 * (r.rank - 1) / r.out_of, r.sharing > 1,
               case
                 when l.period_label is null then null
                 when l.previous is null or l.shown is null then 'NotComparable'
                 when round(l.shown, i.decimals) = round(l.previous, i.decimals) then 'NoChange'
                 when i.polarity = 'Neutral' then case when round(l.shown, i.decimals) > round(l.previous, i.decimals) then 'Up' else 'Down' end
                 when (i.polarity = 'HigherIsBetter') = (round(l.shown, i.decimals) > round(l.previous, i.decimals)) then 'Improving'
                 else 'GettingWorse'
               end,
               {Assess("Target")},
               {Assess("Milestone")},
               coalesce(tr.shown, array[]::numeric[])
        from indicators i
        left join latest l on l.indicator_id = i.id
        left join comparators c on c.indicator_id = i.id
        left join ranked r on r.indicator_id = i.id
        left join trend tr on tr.indicator_id = i.id
        order by i.title, i.id
        """;

    public static async Task<List<Row>> RunAsync(NpgsqlDataSource source, string area, int threshold)
    {
        await using var cmd = source.CreateCommand(Sql);
        cmd.Parameters.AddWithValue("area", area);
        cmd.Parameters.AddWithValue("threshold", (decimal)threshold);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<Row>(128);
        while (await reader.ReadAsync())
        {
            int c = 0;
            T? N<T>() => reader.IsDBNull(c++) ? default : reader.GetFieldValue<T>(c - 1);
            decimal? D() => reader.IsDBNull(c++) ? null : reader.GetDecimal(c - 1);
            int? I() => reader.IsDBNull(c++) ? null : Convert.ToInt32(reader.GetValue(c - 1));
            rows.Add(new Row(
                reader.GetInt32(c++), reader.GetString(c++), reader.GetString(c++), reader.GetString(c++), reader.GetString(c++), reader.GetInt32(c++),
                reader.GetString(c++), reader.GetString(c++), reader.GetString(c++), reader.GetBoolean(c++),
                N<string>(), D(), N<string>(), D(), D(),
                D(), I() ?? 0, I() ?? 0,
                I(), I(), I(), reader.IsDBNull(c++) ? null : reader.GetBoolean(c - 1),
                N<string>(), N<string>(), N<string>(), reader.GetFieldValue<decimal?[]>(c++)));
        }
        return rows;
    }
}
