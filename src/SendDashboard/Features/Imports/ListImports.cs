using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>Every version of a dataset, newest first: who, when, which file, its SHA-256, rows and status.</summary>
public static class ListImports
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(string DatasetKey) : IRequest<Result>;

    public sealed record Result(string DatasetKey, string DatasetTitle, IReadOnlyList<Version> Versions);

    public sealed record Version(
        long ImportId, int Number, string FileName, string Sha256, long SizeBytes, int Rows, int Observations,
        string UploadedBy, DateTimeOffset UploadedAt, ImportStatus Status, string? Problem, int ErrorCount, string? CommittedBy, DateTimeOffset? CommittedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<SendDbContext> factory) =>
            RuleFor(q => q.DatasetKey).NotEmpty().MustAsync(async (key, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Datasets.AnyAsync(d => d.Key == key, ct);
            }).WithMessage(q => $"There is no dataset '{q.DatasetKey}'");
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Key == q.DatasetKey, ct);
            var versions = await db.Imports.AsNoTracking()
                .Where(i => i.DatasetId == dataset.Id && i.Status != ImportStatus.Staging)
                .OrderByDescending(i => i.Version)
                .Select(i => new Version(i.Id, i.Version, i.FileName, i.Sha256, i.SizeBytes, i.RowCount, i.ObservationCount,
                    i.UploadedBy, i.UploadedAt, i.Status, i.Problem, i.ErrorCount, i.CommittedBy, i.CommittedAt))
                .ToListAsync(ct);
            return new Result(dataset.Key, dataset.Title, versions);
        }
    }
}
