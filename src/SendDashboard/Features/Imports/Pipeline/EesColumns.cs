using SendDashboard.Data;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>The column vocabulary of the EES tidy standard, and how names are matched.</summary>
public static class EesColumns
{
    public const string TimePeriod = "time_period";
    public const string TimeIdentifier = "time_identifier";
    public const string GeographicLevel = "geographic_level";
    public const string CountryCode = "country_code";
    public const string CountryName = "country_name";
    public const string RegionCode = "region_code";
    public const string RegionName = "region_name";
    public const string OldLaCode = "old_la_code";
    public const string NewLaCode = "new_la_code";
    public const string LaName = "la_name";

    public static readonly string[] Mandatory = [TimePeriod, TimeIdentifier, GeographicLevel, CountryCode, CountryName];

    /// <summary>The time and geography columns of national, regional and local-authority rows, in the standard's order.</summary>
    public static readonly string[] TimeAndGeography =
        [TimePeriod, TimeIdentifier, GeographicLevel, CountryCode, CountryName, RegionCode, RegionName, OldLaCode, NewLaCode, LaName];

    /// <summary>Time and geography columns: never filters or indicators. Other levels' columns are recognised so they are not mistaken for data.</summary>
    public static readonly HashSet<string> Reserved = new(TimeAndGeography, StringComparer.OrdinalIgnoreCase)
    {
        "lad_code", "lad_name", "pcon_code", "pcon_name", "ward_code", "ward_name", "opportunity_area_code", "opportunity_area_name",
        "rsc_region_lead_name", "english_devolved_area_code", "english_devolved_area_name", "lsip_code", "lsip_name",
        "local_enterprise_partnership_code", "local_enterprise_partnership_name", "mayoral_combined_authority_code",
        "mayoral_combined_authority_name", "police_force_area_code", "police_force_area_name", "planning_area_code", "planning_area_name",
        "school_urn", "school_laestab", "school_name", "school_postcode", "provider_ukprn", "provider_name", "institution_id", "institution_name",
        "trust_id", "trust_name", "sponsor_id", "sponsor_name", "la_code", "academic_year",
    };

    /// <summary>Lower case without separators: matches a column renamed from CamelCase to snake_case (IncExc20weekRate → inc_exc_20week_rate) or re-cased (PC_ → pc_).</summary>
    public static string Compact(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        var n = 0;
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, 256)))
            if (char.IsLetterOrDigit(c)) buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }

    /// <summary>Spreadsheet-style letter of a 0-based column (0 → A, 26 → AA), so officers can find it.</summary>
    public static string Letter(int index)
    {
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }

    /// <summary>A meta file's <c>indicator_unit</c> for a unit: the standard has symbols for percentages and pounds only.</summary>
    public static string MetaUnit(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "%",
        IndicatorUnit.Pounds => "£",
        _ => "",
    };

    /// <summary>The unit a meta file's <c>indicator_unit</c> names; null where it is empty and the column must tell.</summary>
    public static IndicatorUnit? UnitOfMeta(string unit) => unit.Trim() switch
    {
        "%" => IndicatorUnit.Percent,
        "£" or "£m" => IndicatorUnit.Pounds,
        "" => null,
        _ => IndicatorUnit.Count,
    };
}
