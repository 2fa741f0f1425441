using System.Globalization;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>The bytes are not a CSV file we can read. The message is written for the data officer who uploaded it.</summary>
public sealed class InvalidCsvException(string message, long? line = null, int? column = null) : Exception(message)
{
    /// <summary>1-based line of the file (as a text editor counts them) where the problem is, when known.</summary>
    public long? Line { get; } = line;

    /// <summary>0-based column of that line where the problem is (the commas before it), when known.</summary>
    public int? Column { get; } = column;
}

/// <summary>The upload is bigger than the configured limit; thrown before or while reading, never after a full read.</summary>
public sealed class FileTooLargeException(long maxBytes) : Exception(Describe(maxBytes))
{
    public long MaxBytes { get; } = maxBytes;

    private static string Describe(long maxBytes)
    {
        const long mb = 1024 * 1024;
        var limit = maxBytes >= mb
            ? ((double)maxBytes / mb).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
            : maxBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        return $"The file is larger than the limit of {limit}.";
    }
}
