using System.Globalization;
using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Evidence;

/// <summary>
/// Adds an item to the evidence library: a document (its type sniffed from its bytes, its size limited while it is
/// read, its SHA-256 kept), a link, a note in Markdown, or an indicator frozen at a period with its figures as they were.
/// </summary>
public static class AddEvidence
{
    /// <param name="Description">For a note, the note itself in Markdown; otherwise what the item shows (optional).</param>
    /// <param name="File">A document's content, read once; its name is kept for people, never used to decide its type.</param>
    /// <param name="ViewIndicatorKey">A saved view's indicator.</param>
    /// <param name="ViewArea">A saved view's area by name or code; blank for the home area.</param>
    /// <param name="ViewPeriod">A saved view's period as the indicator page labels it (2022, 2024/25); blank for the latest.</param>
    [RequiresRole(Roles.DataOfficer, Roles.BoardMember)]
    public sealed record Command(
        EvidenceKind Kind, string Title, string? Description = null, string? Url = null, string? FileName = null, Stream? File = null,
        string? ViewIndicatorKey = null, string? ViewArea = null, string? ViewPeriod = null,
        IReadOnlyList<string>? Tags = null, IReadOnlyList<string>? QuestionCodes = null, IReadOnlyList<string>? IndicatorKeys = null)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id, EvidenceKind Kind, string? ContentType, string? Sha256, long SizeBytes);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what kind of evidence to add");
            RuleFor(c => c.Title).NotEmpty().WithMessage("Enter a title").MaximumLength(300).WithMessage("The title must be 300 characters or fewer");
            RuleFor(c => c.Description).MaximumLength(5000).WithMessage("The description must be 5,000 characters or fewer");
            When(c => c.Kind == EvidenceKind.Note, () =>
                RuleFor(c => c.Description).NotEmpty().WithMessage("Write the note"));
            When(c => c.Kind == EvidenceKind.Link, () =>
                RuleFor(c => c.Url).NotEmpty().WithMessage("Enter the link's web address")
                    .MaximumLength(2000).WithMessage("The web address must be 2,000 characters or fewer")
                    .Must(IsWebAddress).When(c => !string.IsNullOrWhiteSpace(c.Url), ApplyConditionTo.CurrentValidator)
                    .WithMessage("Enter a web address starting with https:// or http://, like https://www.gov.uk/"));
            When(c => c.Kind == EvidenceKind.Document, () =>
            {
                RuleFor(c => c.File).NotNull().WithMessage("Choose a file to upload");
                RuleFor(c => c.FileName).NotEmpty().WithMessage("Choose a file to upload")
                    .MaximumLength(200).WithMessage("The file's name must be 200 characters or fewer");
            });
            When(c => c.Kind == EvidenceKind.SavedView, () =>
                RuleFor(c => c.ViewIndicatorKey).NotEmpty().WithMessage("Choose the indicator to save"));
            RuleForEach(c => EvidenceLinks.Clean(c.Tags)).MaximumLength(60).OverridePropertyName(nameof(Command.Tags))
                .WithMessage("Each tag must be 60 characters or fewer");

            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var (_, unknownQuestions) = await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct);
                if (unknownQuestions.Count > 0) ctx.AddFailure(nameof(Command.QuestionCodes), EvidenceLinks.UnknownQuestions(unknownQuestions));
                var (_, unknownIndicators) = await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct);
                if (unknownIndicators.Count > 0) ctx.AddFailure(nameof(Command.IndicatorKeys), EvidenceLinks.UnknownIndicators(unknownIndicators));
                if (c.Kind == EvidenceKind.SavedView && !string.IsNullOrWhiteSpace(c.ViewIndicatorKey))
                {
                    if (await Subject.FindIndicatorAsync(db, c.ViewIndicatorKey, ct) is null)
                        ctx.AddFailure(nameof(Command.ViewIndicatorKey), $"There is no indicator '{c.ViewIndicatorKey}'");
                    if (await AreaSearch.LocalAuthorityOrHomeAsync(db, c.ViewArea, partnership.Value.AreaCode, ct) is null)
                        ctx.AddFailure(nameof(Command.ViewArea), AreaSearch.NoSuchLocalAuthority(c.ViewArea));
                }
            });
        }

        internal static bool IsWebAddress(string? url) =>
            Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(u.Host);
    }

    internal sealed class Handler(Writes writes, IOptions<PartnershipOptions> partnership, Suppression suppression,
        IConfiguration config, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var now = Subject.Now(clock);
            var item = new EvidenceItem
            {
                Kind = c.Kind, Title = c.Title.Trim(), Description = Blank(c.Description), AddedBy = writes.Actor, AddedAt = now,
                Tags = [.. EvidenceLinks.Clean(c.Tags)],
                QuestionIds = (await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct)).Ids,
                IndicatorIds = (await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct)).Ids,
            };
            byte[]? bytes = null;
            switch (c.Kind)
            {
                case EvidenceKind.Link:
                    item.Url = c.Url!.Trim();
                    break;
                case EvidenceKind.Document:
                    bytes = await ReadLimitedAsync(c.File!, EvidenceUser.MaxFileBytes(config), ct);
                    var sniffed = ContentSniffer.Sniff(bytes);
                    if (!sniffed.Accepted) throw Refused(nameof(Command.File), sniffed.Refusal!);
                    item.ContentType = sniffed.ContentType;
                    item.FileName = SafeName(c.FileName!, sniffed.Extension!);
                    item.SizeBytes = bytes.LongLength;
                    item.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                    break;
                case EvidenceKind.SavedView:
                    var view = await FreezeAsync(db, c, now, ct);
                    item.SavedView = view.Data.ToJson();
                    if (!item.IndicatorIds.Contains(view.IndicatorId)) item.IndicatorIds = [.. item.IndicatorIds, view.IndicatorId];
                    break;
            }

            // The item, its bytes and its audit row are written together or not at all (the behaviour's transaction).
            db.EvidenceItems.Add(item);
            await db.SaveChangesAsync(ct);
            if (bytes is not null) db.EvidenceFiles.Add(new EvidenceFile { EvidenceItemId = item.Id, Content = bytes });
            await db.SaveChangesAsync(ct);
            writes.Record("evidence.add", SubjectText(item), after: Describe(item));
            return new Result(item.Id, item.Kind, item.ContentType, item.Sha256, item.SizeBytes);
        }

        private async Task<(int IndicatorId, SavedViewData Data)> FreezeAsync(SendDbContext db, Command c, DateTimeOffset now, CancellationToken ct)
        {
            var indicator = (await Subject.FindIndicatorAsync(db, c.ViewIndicatorKey, ct))!;
            var area = (await AreaSearch.LocalAuthorityOrHomeAsync(db, c.ViewArea, partnership.Value.AreaCode, ct))!;
            // The same figures, suppression and comparators the indicator page shows.
            var view = (await AreaFigures.LoadAsync(db, area, [indicator], suppression, ct)).Single();
            var wanted = Blank(c.ViewPeriod);
            var period = wanted is null
                ? view.Latest
                : view.Periods.FirstOrDefault(p => string.Equals(p.Label, wanted, StringComparison.OrdinalIgnoreCase));
            if (period is null)
                throw Refused(nameof(Command.ViewPeriod), wanted is null
                    ? $"{area.Name} has no figures for '{indicator.Title}' to save"
                    : $"{area.Name} has no figure for '{indicator.Title}' in {wanted}. Periods with figures: {string.Join(", ", view.Periods.Select(p => p.Label))}");

            var s = IndicatorSummary.From(indicator);
            var figures = new List<SavedFigure>
            {
                new(area.Name, Shown(s, period.Area)),
                new("Region", Shown(s, period.Region)),
                new("England", Shown(s, period.England)),
            };
            if (period.Neighbours is { } n)
                figures.Add(new($"Statistical neighbours (mean of {n.WithData})", NumberText.Format(n.Mean, s.Unit, s.Decimals)));
            if (period.Target is { } t)
                figures.Add(new("Target", $"{NumberText.Format(t.Value, s.Unit, s.Decimals)} ({t.Assessment.Words})"));
            return (indicator.Id, new SavedViewData(indicator.Key, indicator.Title, area.Code, area.Name, period.Label, now, figures));
        }

        private static string Shown(IndicatorSummary s, ShownValue v) => v.Text(s.Unit, s.Decimals) is { Length: > 0 } t ? t : "no figure";
    }

    /// <summary>Reads at most one byte past the limit, so a huge upload is refused without being held.</summary>
    internal static async Task<byte[]> ReadLimitedAsync(Stream stream, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                throw Refused(nameof(Command.File), $"The file is larger than {EvidenceUser.SizeText(max)}. Make it smaller, or split it, and try again");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The name as given, without folders or odd characters, with the extension of what it really is.</summary>
    internal static string SafeName(string name, string extension)
    {
        var stem = Path.GetFileNameWithoutExtension(name.Replace('\\', '/').Split('/')[^1]);
        var clean = new string(stem.Select(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_' or '.' or '(' or ')' ? ch : '_').ToArray()).Trim(' ', '.');
        if (clean.Length == 0) clean = "evidence";
        if (clean.Length > 150) clean = clean[..150];
        return clean + extension;
    }

    internal static ValidationFailedException Refused(string field, string message) => new([new FieldError(field, message)]);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    internal static string SubjectText(EvidenceItem item) => $"evidence {item.Id}: {item.Title}";

    internal static string Describe(EvidenceItem item) => string.Join("; ", new[]
    {
        item.Kind.ToString(),
        item.Url, item.FileName is null ? null : $"{item.FileName} ({item.ContentType}, {item.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes, sha256 {item.Sha256})",
        item.Tags.Length == 0 ? null : "tags: " + string.Join(", ", item.Tags),
        item.QuestionIds.Length == 0 ? null : "questions: " + string.Join(", ", item.QuestionIds),
        item.IndicatorIds.Length == 0 ? null : "indicators: " + string.Join(", ", item.IndicatorIds),
    }.Where(x => x is not null));
}
