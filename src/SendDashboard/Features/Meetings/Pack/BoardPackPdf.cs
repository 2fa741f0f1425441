using System.ComponentModel;
using System.Diagnostics;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>
/// The board pack as PDF: the PowerPoint file converted by LibreOffice headless, so the PDF has the same pages as the
/// slides, from one source. Each conversion has its own folder and LibreOffice profile, so conversions running at the
/// same time never share (or lock) one.
/// </summary>
public static class BoardPackPdf
{
    public const string ContentType = "application/pdf";
    public const string MissingMessage = "LibreOffice is not installed: run deploy/run.sh, which installs libreoffice-impress-nogui";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>SENDDASH_SOFFICE when set, else soffice on the PATH; null when neither is there.</summary>
    public static string? FindSoffice()
    {
        var configured = Environment.GetEnvironmentVariable("SENDDASH_SOFFICE");
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "soffice");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static async Task<byte[]> ConvertAsync(byte[] pptx, CancellationToken cancellationToken)
    {
        var soffice = FindSoffice() ?? throw new InvalidOperationException(MissingMessage);
        var work = Directory.CreateTempSubdirectory("senddash-pack-");
        try
        {
            var input = Path.Combine(work.FullName, "pack.pptx");
            var output = Path.Combine(work.FullName, "out");
            var profile = Path.Combine(work.FullName, "profile");
            Directory.CreateDirectory(output);
            await File.WriteAllBytesAsync(input, pptx, cancellationToken);

            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work.FullName,
            };
            start.ArgumentList.Add("-env:UserInstallation=" + new Uri(profile + "/").AbsoluteUri);
            foreach (var a in new[] { "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", output, input })
                start.ArgumentList.Add(a);
            start.Environment["HOME"] = work.FullName;

            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException($"{MissingMessage} (could not start {soffice}: {e.Message})", e);
            }
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { /* it ended meanwhile */ }
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"LibreOffice did not convert the pack to PDF within {Timeout.TotalSeconds:0} seconds.");
            }
            var pdf = Path.Combine(output, "pack.pdf");
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                var said = ((await stderr) + " " + (await stdout)).Trim();
                throw new InvalidOperationException(
                    $"LibreOffice could not convert the pack to PDF (exit code {process.ExitCode}){(said.Length > 0 ? ": " + said : ".")}");
            }
            return await File.ReadAllBytesAsync(pdf, cancellationToken);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException) { /* a file still held open; the temp folder is cleared in time */ }
            catch (UnauthorizedAccessException) { }
        }
    }
}
