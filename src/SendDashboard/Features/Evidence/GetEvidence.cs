using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Commentary;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Evidence;

/// <summary>One evidence item in full: a note rendered (sanitised), a saved view's figures as they were; null when there is no such item.</summary>
public static class GetEvidence
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(long Id) : IRequest<Result?>;

    public sealed record Result(EvidenceSummary Item, string? NoteHtml, SavedViewData? SavedView, string? Sha256);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var item = await db.EvidenceItems.AsNoTracking().SingleOrDefaultAsync(e => e.Id == q.Id, ct);
            if (item is null) return null;
            var summary = (await SearchEvidence.SummariseAsync(db, [item], ct)).Single();
            return new Result(summary,
                item.Kind == EvidenceKind.Note ? CommentaryHtml.Render(item.Description) : null,
                item.Kind == EvidenceKind.SavedView ? SavedViewData.FromJson(item.SavedView) : null,
                item.Sha256);
        }
    }
}

/// <summary>A document's bytes for download, with the type sniffed when it was added.</summary>
public static class GetEvidenceFile
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(long Id) : IRequest<Result?>;

    public sealed record Result(byte[] Content, string ContentType, string FileName);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var item = await db.EvidenceItems.AsNoTracking()
                .Where(e => e.Id == q.Id && e.Kind == EvidenceKind.Document && e.ContentType != null)
                .Select(e => new { e.ContentType, e.FileName }).SingleOrDefaultAsync(ct);
            if (item is null) return null;
            var file = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(f => f.EvidenceItemId == q.Id, ct);
            return file is null ? null : new Result(file.Content, item.ContentType!, item.FileName ?? "evidence");
        }
    }
}
