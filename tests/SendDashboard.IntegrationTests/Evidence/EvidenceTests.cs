using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.EvidenceFeature;

[Collection(AppCollection.Name)]
public sealed class EvidenceTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string BrightonAndHove = "E06000043";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
    internal static readonly byte[] Csv = Encoding.UTF8.GetBytes("time_period,la_name,rate\n2024,Brighton and Hove,59.3\n");

    internal static byte[] Zip(params string[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(e).Open());
                w.Write("<x/>");
            }
        return ms.ToArray();
    }

    private static AddEvidence.Command Document(byte[] bytes, string name, string title = "A document") =>
        new(EvidenceKind.Document, title, FileName: name, File: new MemoryStream(bytes));

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    private async Task AssertNothingWritten()
    {
        Assert.Equal(0, await app.Query(db => db.EvidenceItems.CountAsync()));
        Assert.Equal(0, await app.Query(db => db.EvidenceFiles.CountAsync()));
        Assert.Empty(await Audit());
    }

    [Theory]
    [InlineData("pdf", "board minutes.pdf", "application/pdf", "board minutes.pdf")]
    [InlineData("png", "photo.PNG", "image/png", "photo.png")]
    [InlineData("csv", "returns.csv", "text/csv", "returns.csv")]
    [InlineData("csv", "returns.txt", "text/csv", "returns.csv")] // the name is never trusted: CSV by its content
    [InlineData("docx", "self-assessment.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "self-assessment.docx")]
    [InlineData("xlsx", "tracker.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "tracker.xlsx")]
    public async Task A_document_is_stored_with_its_sniffed_type_and_SHA_256(string kind, string name, string type, string storedName)
    {
        var bytes = kind switch
        {
            "pdf" => Pdf,
            "png" => Png,
            "csv" => Csv,
            "docx" => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"),
            _ => Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"),
        };
        var result = await app.Send(Document(bytes, name));

        Assert.Equal(type, result.ContentType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        var item = await app.Query(db => db.EvidenceItems.SingleAsync());
        Assert.Equal((EvidenceKind.Document, type, storedName, (long)bytes.Length, result.Sha256, AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator)),
            (item.Kind, item.ContentType, item.FileName, item.SizeBytes, item.Sha256, item.AddedBy));
        var file = await app.Query(db => db.EvidenceFiles.SingleAsync());
        Assert.Equal(item.Id, file.EvidenceItemId);
        Assert.Equal(bytes, file.Content);

        var audit = Assert.Single(await Audit());
        Assert.Equal(("evidence.add", AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), $"evidence {item.Id}: A document"), (audit.Action, audit.Actor, audit.Subject));
    }

    [Fact]
    public async Task A_renamed_executable_is_refused_and_nothing_is_written()
    {
        var exe = new byte[512];
        "MZ"u8.CopyTo(exe);
        Encoding.ASCII.GetBytes("This program cannot be run in DOS mode").CopyTo(exe, 78);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Document(exe, "report.pdf")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(nameof(AddEvidence.Command.File), error.Field);
        Assert.Contains("Windows program", error.Message);
        await AssertNothingWritten();
    }

    [Theory]
    [InlineData("#!/bin/sh\nrm -rf /\n", "script")]
    [InlineData("\u007fELF\u0002\u0001\u0001", "Linux program")]
    public async Task Scripts_and_linux_programs_are_refused(string content, string words)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Document(Encoding.Latin1.GetBytes(content), "notes.txt")));
        Assert.Contains(words, Assert.Single(ex.Errors).Message);
        await AssertNothingWritten();
    }

    [Fact]
    public async Task A_zip_that_is_not_an_Office_file_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Document(Zip("readme.txt", "word/trap.xml"), "minutes.docx")));
        Assert.Contains("zip archive", Assert.Single(ex.Errors).Message);
        await AssertNothingWritten();
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_while_it_is_read()
    {
        var max = 20L * 1024 * 1024;
        var stream = new CountingStream(Pdf, max + 5_000_000);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(
            new AddEvidence.Command(EvidenceKind.Document, "Huge", FileName: "huge.pdf", File: stream)));

        Assert.Contains("larger than 20 MB", Assert.Single(ex.Errors).Message);
        Assert.True(stream.Position <= max + 81920, $"read {stream.Position} bytes of a file over the limit");
        await AssertNothingWritten();
    }

    [Theory]
    [InlineData(EvidenceKind.Link, "ftp://example.org/file", "https://")]
    [InlineData(EvidenceKind.Link, "javascript:alert(1)", "https://")]
    [InlineData(EvidenceKind.Link, "", "web address")]
    [InlineData(EvidenceKind.Note, "", "Write the note")]
    public async Task Kind_specific_mistakes_are_named_and_nothing_is_written(EvidenceKind kind, string text, string words)
    {
        var command = kind == EvidenceKind.Link
            ? new AddEvidence.Command(kind, "Local offer", Url: text)
            : new AddEvidence.Command(kind, "A note", Description: text);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(command));
        Assert.Contains(ex.Errors, e => e.Message.Contains(words, StringComparison.Ordinal));
        await AssertNothingWritten();
    }

    [Fact]
    public async Task Links_and_notes_are_tagged_and_found_by_words_tag_and_indicator()
    {
        var link = await app.Send(new AddEvidence.Command(EvidenceKind.Link, "Local Offer annual report", Description: "What families told us",
            Url: "https://www.brighton-hove.gov.uk/local-offer", Tags: ["co-production, Annual report"], IndicatorKeys: [Timeliness]));
        var note = await app.Send(new AddEvidence.Command(EvidenceKind.Note, "Panel decisions review",
            Description: "The **panel** now meets weekly.", Tags: ["timeliness"]));

        // Words: any case, every word must appear somewhere (title, description or tags).
        Assert.Equal([link.Id], Ids(await app.Send(new SearchEvidence.Query("local OFFER"))));
        Assert.Equal([link.Id], Ids(await app.Send(new SearchEvidence.Query("co-production"))));
        Assert.Equal([note.Id], Ids(await app.Send(new SearchEvidence.Query("weekly"))));
        Assert.Empty(Ids(await app.Send(new SearchEvidence.Query("local weekly"))));
        // Filters.
        Assert.Equal([link.Id], Ids(await app.Send(new SearchEvidence.Query(IndicatorKey: Timeliness))));
        Assert.Equal([note.Id], Ids(await app.Send(new SearchEvidence.Query(Tag: "TIMELINESS"))));
        Assert.Equal([note.Id, link.Id], Ids(await app.Send(new SearchEvidence.Query())));

        // Tagging replaces the tags; the note now supports the indicator too.
        await app.Send(new TagEvidence.Command(note.Id, ["timeliness", "panel"], [], [Timeliness]));
        var indicatorId = await app.Query(db => db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Id).SingleAsync());
        var found = await app.Send(new SearchEvidence.Query(IndicatorId: indicatorId));
        Assert.Equal([note.Id, link.Id], Ids(found));
        Assert.Equal(["timeliness", "panel"], found.Items[0].Tags);
        Assert.Equal(Timeliness, Assert.Single(found.Items[0].Indicators).Key);
        Assert.Contains("panel", (await app.Send(new SearchEvidence.Query())).AllTags);

        var detail = (await app.Send(new GetEvidence.Query(note.Id)))!;
        Assert.Contains("<strong>panel</strong>", detail.NoteHtml);

        var audit = await Audit();
        Assert.Equal(["evidence.add", "evidence.add", "evidence.tag"], audit.Select(a => a.Action));
        Assert.Contains("tags: timeliness", audit[2].Before);
        Assert.Contains("tags: timeliness, panel", audit[2].After);
    }

    [Fact]
    public async Task Evidence_is_tagged_to_framework_questions_by_code_when_there_are_any()
    {
        var question = await app.Query(db => db.FrameworkQuestions.OrderBy(q => q.Id).FirstOrDefaultAsync());

        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(
            new AddEvidence.Command(EvidenceKind.Note, "Note", Description: "x", QuestionCodes: ["99z"])));
        Assert.Contains("No framework has a question '99z'", Assert.Single(unknown.Errors).Message);
        Assert.Equal(0, await app.Query(db => db.EvidenceItems.CountAsync()));

        if (question is null) return; // the framework seed is not there: nothing more to tag to
        var added = await app.Send(new AddEvidence.Command(EvidenceKind.Note, "Co-production charter", Description: "Signed.",
            QuestionCodes: [question.Code.ToUpperInvariant()]));
        var found = await app.Send(new SearchEvidence.Query(QuestionCode: question.Code));
        Assert.Contains(added.Id, Ids(found));
        Assert.Contains(found.Items, i => i.Questions.Any(q => q.Id == question.Id));
        Assert.Contains(added.Id, Ids(await app.Send(new SearchEvidence.Query(QuestionId: question.Id))));
    }

    [Fact]
    public async Task Evidence_tagged_to_a_question_is_shown_beside_it_on_the_framework_page()
    {
        // 3b asks about a whole-system outcomes dashboard: this product is the evidence.
        var added = await app.Send(new AddEvidence.Command(EvidenceKind.Link, "Outcomes dashboard for the board",
            Url: "https://example.org/dashboard", QuestionCodes: ["3b"]));

        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/frameworks/ndti-send-leadership");

        Assert.Contains($"href=\"/evidence/{added.Id}\"", html);
        Assert.Contains("Outcomes dashboard for the board", html);
        Assert.Contains("None tagged to 1a yet", html);
    }

    [Fact]
    public async Task The_download_is_an_attachment_with_the_sniffed_type_and_nosniff()
    {
        var added = await app.Send(Document(Pdf, "minutes.pdf"));
        using var client = await app.SignedInClientAsync(Roles.Inspector);

        using var response = await client.GetAsync($"/evidence/{added.Id}/file");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("minutes.pdf", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());

        using var missing = await client.GetAsync($"/evidence/{added.Id + 1000}/file");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_saved_view_keeps_the_figures_as_they_were()
    {
        // Brighton and Hove, 2022: 59.322% of new plans within 20 weeks (excluding exceptions), shown as 59.3%.
        var added = await app.Send(new AddEvidence.Command(EvidenceKind.SavedView, "Timeliness in 2022",
            ViewIndicatorKey: Timeliness, ViewArea: BrightonAndHove, ViewPeriod: "2022"));

        var detail = (await app.Send(new GetEvidence.Query(added.Id)))!;
        var view = detail.SavedView!;
        Assert.Equal((Timeliness, BrightonAndHove, "2022"), (view.IndicatorKey, view.AreaCode, view.PeriodLabel));
        Assert.Equal(new SavedFigure(view.AreaName, "59.3%"), view.Figures[0]);
        Assert.Contains(view.Figures, f => f.Label == "England");
        Assert.Equal(Timeliness, Assert.Single(detail.Item.Indicators).Key);

        // Stored as JSON, so later imports cannot change it.
        var json = await app.Query(db => db.EvidenceItems.Select(e => e.SavedView).SingleAsync());
        Assert.Contains("59.3%", json);

        var noPeriod = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new AddEvidence.Command(EvidenceKind.SavedView, "Future",
            ViewIndicatorKey: Timeliness, ViewArea: BrightonAndHove, ViewPeriod: "2099")));
        Assert.Equal(nameof(AddEvidence.Command.ViewPeriod), Assert.Single(noPeriod.Errors).Field);
        Assert.Single(await Audit());
    }

    private static List<long> Ids(SearchEvidence.Result r) => r.Items.Select(i => i.Id).ToList();

    /// <summary>A file of the given length that starts with a header and is zeros after, counting what was read.</summary>
    private sealed class CountingStream(byte[] header, long length) : Stream
    {
        private long position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++) buffer[offset + i] = position + i < header.Length ? header[position + i] : (byte)0;
            position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
