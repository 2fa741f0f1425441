using System.Security.Cryptography;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Inspectors;

/// <summary>The one-time link of an invitation: 32 random bytes in the link, only their SHA-256 in the database.</summary>
public static class InspectorLinks
{
    public const string AcceptPath = "/inspectors/accept/";

    /// <summary>How far ahead an invitation may end: long enough for an inspection and its follow-up, short enough to be reviewed.</summary>
    public const int MaxDays = 90;

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The last day of access, as the admin chose it: dates are the partnership's, so access chosen to end on a day
    /// ends at <see cref="UkTime.EndOf"/> that day.
    /// </summary>
    public static DateOnly LastDay(DateTimeOffset expiresAt) => UkTime.DayOf(expiresAt.AddTicks(-1));

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
