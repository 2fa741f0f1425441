using System.Security.Cryptography;
using SendDashboard.Data;

namespace SendDashboard.Features.Inspectors;

/// <summary>The one-time link of an invitation: 32 random bytes in the link, only their SHA-256 in the database.</summary>
public static class InspectorLinks
{
    public const string AcceptPath = "/inspectors/accept/";

    /// <summary>How far ahead an invitation may end: long enough for an inspection and its follow-up, short enough to be reviewed.</summary>
    public const int MaxDays = 90;

    /// <summary>Dates are the partnership's: an invitation ending on a day works until the end of that day in the UK.</summary>
    public static readonly TimeZoneInfo UkTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, UkTime).DateTime);

    /// <summary>The moment access ends: midnight (UK time) at the end of the given day.</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, UkTime.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The last day of access, as the admin chose it.</summary>
    public static DateOnly LastDay(DateTimeOffset expiresAt) => Today(expiresAt.AddTicks(-1));

    public enum Status { Waiting, Accepted, Expired, Revoked }

    public static Status StatusOf(InspectorInvitation i, DateTimeOffset now) =>
        i.RevokedAt is not null ? Status.Revoked
        : i.RedeemedAt is not null ? Status.Accepted
        : i.ExpiresAt <= now ? Status.Expired
        : Status.Waiting;

    public static string Words(Status s) => s switch
    {
        Status.Waiting => "Waiting",
        Status.Accepted => "Accepted",
        Status.Expired => "Expired",
        _ => "Revoked",
    };
}
