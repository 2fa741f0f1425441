using System.IO.Compression;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>
/// Office files are zip archives, and a zip entry carries the time it was written: the same content written twice
/// would differ in those bytes. Copying the entries, in their order, into a new archive stamped with one time taken
/// from the content makes the output depend on the content alone.
/// </summary>
internal static class PackZip
{
    public static byte[] Normalise(byte[] package, DateTimeOffset stamp)
    {
        var at = ZipTime(stamp);
        using var input = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = at;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }

    /// <summary>The moment in UTC, to the even second a zip header can hold (years 1980 to 2107).</summary>
    internal static DateTimeOffset ZipTime(DateTimeOffset stamp)
    {
        var utc = stamp.UtcDateTime;
        if (utc.Year < 1980) return new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (utc.Year > 2107) return new DateTimeOffset(2107, 12, 31, 0, 0, 0, TimeSpan.Zero);
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second & ~1, TimeSpan.Zero);
    }
}
